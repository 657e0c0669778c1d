import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import type {
  AlertChannel,
  AlertChannelInput,
  AlertRule,
  AlertRuleInput,
  AlertCondition,
  ChannelKind,
} from '../../shared/alerts.ts';
import { newId } from '../engine/ids.ts';
import type { Actor, AuditLog } from '../security/audit.ts';
import type { SecretBox } from '../security/secret-box.ts';
import type { AlertChannelRow, AlertRuleRow } from '../store/alert-store.ts';
import type { Store, StoreParts } from '../store/ports.ts';
import type { ChannelSecrets, ChannelTarget } from './senders.ts';

export interface AlertAdminOptions {
  store: Pick<Store, 'write' | 'alerts'>;
  audit: AuditLog;
  box: SecretBox;
  now: () => number;
  /** Rules changed: the evaluator reads them again. */
  changed: () => void;
}

/** A 400 naming the field, shaped like the API's validation errors. */
const invalid = (path: string, message: string) =>
  new WeftError(ErrorCodes.badRequest, `invalid body: ${path}: ${message}`, {
    details: { issues: [{ path, message }] },
  });
const notFound = (what: string, id: string) => new WeftError(ErrorCodes.notFound, `${what} "${id}" not found`);

/** The settings of a channel apart from its secret ones (webhook secret, Slack URL, SMTP password). */
function split(
  kind: ChannelKind,
  settings: Record<string, unknown>,
): { plain: Record<string, unknown>; secrets: ChannelSecrets } {
  if (kind === 'webhook') {
    const { secret, ...plain } = settings as { secret?: string };
    return { plain, secrets: secret === undefined ? {} : { secret } };
  }
  if (kind === 'slack') {
    const { url, ...plain } = settings as { url?: string };
    return { plain, secrets: url === undefined ? {} : { url } };
  }
  const { auth, ...rest } = settings as { auth?: { user: string; pass?: string } };
  const plain = auth ? { ...rest, auth: { user: auth.user } } : rest;
  return { plain, secrets: auth?.pass === undefined ? {} : { pass: auth.pass } };
}

/** The secret a channel of the kind cannot be without, or null when it has what it needs. */
function missingSecret(kind: ChannelKind, plain: Record<string, unknown>, s: ChannelSecrets): [string, string] | null {
  if (kind === 'webhook' && !s.secret)
    return ['settings.secret', 'required: every webhook notification is signed with it'];
  if (kind === 'slack' && !s.url) return ['settings.url', 'required: the Slack incoming webhook URL'];
  if (kind === 'email' && plain.auth && !s.pass) return ['settings.auth.pass', 'required with auth.user'];
  return null;
}

export const channelView = (row: AlertChannelRow, usedBy: string[]): AlertChannel => ({
  id: row.id,
  kind: row.kind,
  name: row.name,
  settings: row.settings as Record<string, unknown>,
  secretSet: row.secret !== null,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  updatedBy: row.updatedBy,
  usedBy,
});

export const ruleView = (row: AlertRuleRow): AlertRule => ({
  id: row.id,
  kind: row.kind,
  name: row.name,
  enabled: row.enabled,
  channelIds: row.channelIds as string[],
  repeatMinutes: row.repeatMinutes,
  condition: row.condition as AlertCondition,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  updatedBy: row.updatedBy,
});

/** Alert channels and rules: admins' changes, each audited in its own store write. */
export class AlertAdmin {
  constructor(private readonly o: AlertAdminOptions) {}

  async channels(): Promise<AlertChannel[]> {
    const rules = await this.o.store.alerts.rules();
    return (await this.o.store.alerts.channels()).map((c) => channelView(c, usersOf(rules, c.id)));
  }

  async rules(): Promise<AlertRule[]> {
    return (await this.o.store.alerts.rules()).map(ruleView);
  }

  /** A channel ready to send (secrets opened); null when it was deleted. */
  async target(id: string): Promise<ChannelTarget | null> {
    const row = await this.o.store.alerts.channel(id);
    if (!row) return null;
    const secrets = row.secret ? (JSON.parse(this.o.box.open(row.secret)) as ChannelSecrets) : {};
    return { id: row.id, kind: row.kind, settings: row.settings as Record<string, unknown>, secrets };
  }

  /** Creates (id null) or changes a channel; secret settings left out of a change keep their stored value. */
  saveChannel(id: string | null, input: AlertChannelInput, actor: Actor | null): Promise<AlertChannel> {
    const now = this.o.now();
    const { plain, secrets } = split(input.kind, input.settings);
    return this.o.store.write(async (tx) => {
      const before = id === null ? undefined : await tx.alerts.channel(id);
      if (id !== null && !before) throw notFound('channel', id);
      if (before && before.kind !== input.kind)
        throw invalid('kind', `is ${before.kind}; a channel cannot change its kind (create a new one)`);
      const kept = before?.secret ? (JSON.parse(this.o.box.open(before.secret)) as ChannelSecrets) : {};
      const merged = { ...kept, ...secrets };
      if (input.kind === 'email' && !plain.auth) delete merged.pass;
      const missing = missingSecret(input.kind, plain, merged);
      if (missing) throw invalid(...missing);
      const row: AlertChannelRow = {
        id: before?.id ?? newId('chan', now),
        kind: input.kind,
        name: input.name,
        settings: plain,
        secret: Object.keys(merged).length ? this.o.box.seal(JSON.stringify(merged)) : null,
        createdAt: before?.createdAt ?? now,
        updatedAt: now,
        updatedBy: actor?.name ?? null,
      };
      await tx.alerts.putChannel(row);
      const users = usersOf(await tx.alerts.rules(), row.id);
      const after = channelView(row, users);
      await this.o.audit.record(
        {
          actor,
          action: before ? 'alert.channel_changed' : 'alert.channel_created',
          target: row.id,
          before: before ? channelView(before, users) : null,
          after,
        },
        tx,
      );
      return after;
    });
  }

  /** Deletes a channel no rule notifies; its pending notifications give up. */
  deleteChannel(id: string, actor: Actor | null): Promise<void> {
    return this.o.store.write(async (tx) => {
      const before = await tx.alerts.channel(id);
      if (!before) throw notFound('channel', id);
      const users = usersOf(await tx.alerts.rules(), id);
      if (users.length)
        throw new WeftError(
          ErrorCodes.conflict,
          `channel "${id}" is notified by rules ${users.join(', ')}; change them first`,
        );
      await tx.alerts.deleteChannel(id);
      await tx.alerts.failDeliveriesTo(id, 'the channel was deleted');
      await this.o.audit.record(
        { actor, action: 'alert.channel_deleted', target: id, before: channelView(before, []), after: null },
        tx,
      );
    });
  }

  /** Creates (id null) or changes a rule; its channels and flow must exist. Disabling it closes its incidents. */
  async saveRule(id: string | null, input: AlertRuleInput, actor: Actor | null): Promise<AlertRule> {
    const now = this.o.now();
    const saved = await this.o.store.write(async (tx) => {
      const before = id === null ? undefined : await tx.alerts.rule(id);
      if (id !== null && !before) throw notFound('rule', id);
      for (const [i, c] of input.channelIds.entries())
        if (!(await tx.alerts.channel(c))) throw invalid(`channelIds.${i}`, `channel "${c}" does not exist`);
      const flowId = (input.condition as { flowId?: string }).flowId;
      if (flowId !== undefined && !(await tx.flows.exists(flowId)))
        throw invalid('condition.flowId', `flow "${flowId}" does not exist`);
      const row: AlertRuleRow = {
        id: before?.id ?? newId('rule', now),
        kind: input.kind,
        name: input.name,
        enabled: input.enabled,
        channelIds: [...new Set(input.channelIds)],
        repeatMinutes: input.repeatMinutes,
        condition: input.condition,
        createdAt: before?.createdAt ?? now,
        updatedAt: now,
        updatedBy: actor?.name ?? null,
      };
      await tx.alerts.putRule(row);
      if (before && (!row.enabled || before.kind !== row.kind)) await closeIncidents(tx, row.id, now);
      const after = ruleView(row);
      await this.o.audit.record(
        {
          actor,
          action: before ? 'alert.rule_changed' : 'alert.rule_created',
          target: row.id,
          before: before ? ruleView(before) : null,
          after,
        },
        tx,
      );
      return after;
    });
    this.o.changed();
    return saved;
  }

  /** Deletes a rule; its live incidents close without a notification (their history stays). */
  async deleteRule(id: string, actor: Actor | null): Promise<void> {
    const now = this.o.now();
    await this.o.store.write(async (tx) => {
      const before = await tx.alerts.rule(id);
      if (!before) throw notFound('rule', id);
      await tx.alerts.deleteRule(id);
      await closeIncidents(tx, id, now);
      await this.o.audit.record(
        { actor, action: 'alert.rule_deleted', target: id, before: ruleView(before), after: null },
        tx,
      );
    });
    this.o.changed();
  }
}

const usersOf = (rules: AlertRuleRow[], channelId: string) =>
  rules.filter((r) => (r.channelIds as string[]).includes(channelId)).map((r) => r.id);

/** A rule's pending incidents go, its open ones resolve, without notifications (the rule no longer watches). */
async function closeIncidents(tx: StoreParts, ruleId: string, now: number): Promise<void> {
  for (const live of await tx.alerts.liveIncidents(ruleId))
    if (live.status === 'pending') await tx.alerts.deleteIncident(live.id);
    else await tx.alerts.updateIncident({ ...live, status: 'resolved', resolvedAt: now });
}
