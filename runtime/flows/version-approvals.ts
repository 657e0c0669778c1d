import {
  type ApprovalState,
  FOUR_EYES_OFF,
  type FourEyesPolicy,
  fourEyesPolicySchema,
} from '../../shared/approvals.ts';
import { CRITICALITIES } from '../../shared/business.ts';
import type { FlowDefinition } from '../../shared/flow.ts';
import { ErrorCodes, WeftError } from '../../shared/errors.ts';
import { flowContext } from '../alerts/flow-context.ts';
import type { ApprovalRow } from '../store/approval-store.ts';
import type { Store, StoreParts } from '../store/ports.ts';
import type { Actor, AuditLog } from '../security/audit.ts';

type Parts = Pick<StoreParts, 'approvals' | 'audit' | 'flows'>;

const SETTING = 'four_eyes';

/** The installation's four-eyes policy; off when never set (or unreadable). */
export async function fourEyesPolicy(parts: Pick<StoreParts, 'approvals'>): Promise<FourEyesPolicy> {
  const parsed = fourEyesPolicySchema.safeParse(await parts.approvals.setting(SETTING));
  return parsed.success ? parsed.data : FOUR_EYES_OFF;
}

/** Whether the policy asks for a second user's approval before `def` (a published version) is activated. */
export function needsApproval(policy: FourEyesPolicy, def: FlowDefinition): boolean {
  if (policy.mode === 'off') return false;
  if (policy.mode === 'all') return true;
  return CRITICALITIES.indexOf(flowContext(def).criticality) <= CRITICALITIES.indexOf(policy.criticality);
}

type Publisher = { id: string | null; name: string | null };

/** Who published each version of the flow, by the flow.published audit entries (the principal's id and name). */
async function publishers(parts: Parts, flowId: string): Promise<Map<number, Publisher>> {
  const entries = await parts.audit.list({ action: 'flow.published', target: flowId, limit: 100_000 });
  const out = new Map<number, Publisher>();
  for (const e of entries) {
    if (e.action !== 'flow.published' || !e.after) continue;
    const version = (JSON.parse(e.after) as { version?: unknown }).version;
    if (typeof version === 'number' && !out.has(version)) out.set(version, { id: e.actorId, name: e.actorName });
  }
  return out;
}

/** Who published a version: the principal its audit entry names, else the name the version keeps. */
async function publisherOf(parts: Parts, flowId: string, version: number): Promise<Publisher> {
  const found = (await publishers(parts, flowId)).get(version);
  if (found) return found;
  const row = (await parts.flows.versions(flowId)).find((v) => v.version === version);
  return { id: null, name: row?.createdBy ?? null };
}

function stateOf(required: boolean, row: ApprovalRow | undefined, publishedBy: string | null): ApprovalState {
  if (row) return { state: row.decision, by: row.byName, at: row.at, reason: row.reason, publishedBy };
  return { state: required ? 'pending' : 'not_required', by: null, at: null, reason: null, publishedBy };
}

const noVersion = (flowId: string, version: number) =>
  new WeftError(ErrorCodes.notFound, `flow "${flowId}" has no version ${version}`);

/**
 * Refuses activating a version the four-eyes policy covers unless another user than its publisher approved it.
 * Read through `parts` (a write's `tx`), so an approval and an activation do not pass each other.
 */
export async function checkApproved(parts: Parts, flowId: string, version: number, def: FlowDefinition): Promise<void> {
  if (!needsApproval(await fourEyesPolicy(parts), def)) return;
  const row = await parts.approvals.get(flowId, version);
  if (row?.decision === 'approved') return;
  const publisher = await publisherOf(parts, flowId, version);
  const who = publisher.name ? `it was published by ${publisher.name}` : 'it was published by the system';
  const why =
    row?.decision === 'refused'
      ? `it was refused by ${row.byName}${row.reason ? ` ("${row.reason}")` : ''}`
      : 'nobody has approved it yet';
  throw new WeftError(
    ErrorCodes.conflict,
    `version ${version} of flow "${flowId}" needs four-eyes approval before it can be activated: ${who}, ${why}; a different user must approve it`,
    { details: { approval: stateOf(true, row, publisher.name) } },
  );
}

/** Four-eyes activation: the installation's policy, and approvals and refusals of published versions. */
export class VersionApprovals {
  constructor(
    private readonly store: Pick<Store, 'write' | 'approvals' | 'audit' | 'flows'>,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
  ) {}

  policy(): Promise<FourEyesPolicy> {
    return fourEyesPolicy(this.store);
  }

  async setPolicy(policy: FourEyesPolicy, actor: Actor | null): Promise<FourEyesPolicy> {
    return this.store.write(async (tx) => {
      const before = await fourEyesPolicy(tx);
      await tx.approvals.putSetting(SETTING, policy, this.now(), actor?.name ?? null);
      await this.audit.record(
        { actor, action: 'settings.four_eyes.changed', target: SETTING, before, after: policy },
        tx,
      );
      return policy;
    });
  }

  /** Each version's approval state, by version number. */
  async states(flowId: string, versions: number[]): Promise<Map<number, ApprovalState>> {
    const policy = await this.policy();
    const rows = new Map((await this.store.approvals.forFlow(flowId)).map((r) => [r.version, r]));
    const published = await publishers(this.store, flowId);
    const names = new Map((await this.store.flows.versions(flowId)).map((r) => [r.version, r.createdBy]));
    const out = new Map<number, ApprovalState>();
    for (const v of versions) {
      const def = await this.store.flows.version(flowId, v);
      if (def === undefined) continue;
      const required = needsApproval(policy, def);
      const publisher = published.get(v)?.name ?? names.get(v) ?? null;
      out.set(v, stateOf(required, rows.get(v), publisher));
    }
    return out;
  }

  async state(flowId: string, version: number): Promise<ApprovalState> {
    const s = (await this.states(flowId, [version])).get(version);
    if (!s) throw noVersion(flowId, version);
    return s;
  }

  /** Approves the version; the same user approving again changes nothing. Its publisher may not. */
  approve(flowId: string, version: number, actor: Actor): Promise<ApprovalState> {
    return this.decide(flowId, version, actor, 'approved', null);
  }

  /** Refuses the version with a reason: it cannot be activated until another user approves it. */
  async refuse(flowId: string, version: number, reason: string, actor: Actor): Promise<ApprovalState> {
    const why = reason.trim();
    if (!why) throw new WeftError(ErrorCodes.badRequest, 'a refusal needs a reason', { details: { path: 'reason' } });
    return this.decide(flowId, version, actor, 'refused', why);
  }

  private async decide(
    flowId: string,
    version: number,
    actor: Actor,
    decision: ApprovalRow['decision'],
    reason: string | null,
  ): Promise<ApprovalState> {
    return this.store.write(async (tx) => {
      const def = await tx.flows.version(flowId, version);
      if (!def) throw noVersion(flowId, version);
      const publisher = await publisherOf(tx, flowId, version);
      const own = publisher.id !== null ? publisher.id === actor.id : publisher.name === actor.name;
      if (own)
        throw new WeftError(
          'forbidden',
          `${actor.name} published version ${version} of flow "${flowId}"; a different user must ${decision === 'approved' ? 'approve' : 'refuse'} it`,
        );
      const required = needsApproval(await fourEyesPolicy(tx), def);
      const before = await tx.approvals.get(flowId, version);
      if (decision === 'approved' && before?.decision === 'approved') return stateOf(required, before, publisher.name);
      const row: ApprovalRow = {
        flowId,
        version,
        decision,
        byId: actor.id,
        byName: actor.name,
        at: this.now(),
        reason,
      };
      await tx.approvals.put(row);
      await this.audit.record(
        {
          actor,
          action: decision === 'approved' ? 'flow.version.approved' : 'flow.version.refused',
          target: flowId,
          before: before ? { decision: before.decision, by: before.byName } : null,
          after: { version, decision, ...(reason ? { reason } : {}) },
        },
        tx,
      );
      return stateOf(required, row, publisher.name);
    });
  }
}
