import { Cron } from 'croner';
import { webhookRouteKey, type FlowDefinition } from '../../shared/flow.ts';
import { stripLeadingEquals } from '../../shared/expression-string.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import type { NodeLogger } from '../../nodes/define-node.ts';
import type { Engine } from '../engine/engine.ts';
import type { NodeLookup } from '../engine/plan.ts';
import { VERIFY_DEFAULTS, type WebhookVerify } from '../api/webhook-verify.ts';
import { DEFAULT_ACCEPT } from '../../nodes/trigger/body.ts';

export interface WebhookRoute {
  flowId: string;
  version: number;
  nodeId: string;
  respond: 'immediately' | 'onCompletion';
  /** Expression (without "=") whose value deduplicates events, if configured. */
  dedupe: string | null;
  /** How callers prove who they are, if configured. */
  verify: WebhookVerify | null;
  /** Content types the body may have (others get 415). */
  accept: readonly string[];
  /** A query parameter whose value is answered back as text, starting no run (a sender's handshake), if configured. */
  echoQuery: string | null;
  /** Bodies are Salesforce Outbound Messages: one run per Notification, answered with the SOAP Ack. */
  salesforceOutboundMessage: boolean;
}

interface Activation {
  flowId: string;
  version: number;
}

/**
 * Connects event sources to the active versions: webhook routes by method and
 * path, and one cron job per active schedule trigger.
 */
export class TriggerManager {
  private routes = new Map<string, WebhookRoute>();
  private jobs: Cron[] = [];
  /** The refresh under way: refreshes run one after another, so the last one asked for wins. */
  private refreshing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly engine: Engine,
    private readonly lookup: NodeLookup,
    private readonly activations: () => Promise<Activation[]>,
    private readonly logger: NodeLogger,
    private readonly schedulesEnabled = true,
  ) {}

  webhook(method: string, path: string): WebhookRoute | undefined {
    return this.routes.get(`${method.toUpperCase()} ${path}`);
  }

  /** Refuses an activation whose webhook path another active flow already listens on. */
  checkActivation(flowId: string, def: FlowDefinition): void {
    for (const t of this.triggersOf(def, 'webhook')) {
      const key = webhookRouteKey(t.config);
      const owner = this.routes.get(key);
      if (owner && owner.flowId !== flowId)
        throw new WeftError(ErrorCodes.conflict, `webhook ${key} is already used by active flow "${owner.flowId}"`, {
          details: { nodeId: t.id, flowId: owner.flowId },
        });
    }
  }

  /** Rebuilds routes and schedules from the current activations (after any refresh under way). */
  refresh(): Promise<void> {
    const next = this.refreshing.then(() => this.rebuild());
    this.refreshing = next.catch(() => {});
    return next;
  }

  /** Loads every active version first, then swaps routes and schedules at once. */
  private async rebuild(): Promise<void> {
    const active: { a: Activation; def: FlowDefinition }[] = [];
    for (const a of await this.activations()) {
      try {
        active.push({ a, def: (await this.engine.planFor(a.flowId, a.version)).definition });
      } catch (err) {
        this.logger.error('active version could not be loaded', {
          flowId: a.flowId,
          version: a.version,
          error: (err as Error).message,
        });
      }
    }
    if (this.stopped) return;
    const routes = new Map<string, WebhookRoute>();
    for (const job of this.jobs) job.stop();
    this.jobs = [];
    for (const { a, def } of active) {
      for (const t of this.triggersOf(def, 'webhook')) {
        const dedupe =
          typeof t.config.dedupe === 'string' && t.config.dedupe.length > 0
            ? stripLeadingEquals(t.config.dedupe)
            : null;
        routes.set(webhookRouteKey(t.config), {
          flowId: a.flowId,
          version: a.version,
          nodeId: t.id,
          respond: t.config.respond === 'immediately' ? 'immediately' : 'onCompletion',
          dedupe,
          verify: t.config.verify
            ? ({ ...VERIFY_DEFAULTS, ...(t.config.verify as Partial<WebhookVerify>) } as WebhookVerify)
            : null,
          accept: Array.isArray(t.config.accept) ? (t.config.accept as string[]) : DEFAULT_ACCEPT,
          echoQuery: typeof t.config.echoQuery === 'string' && t.config.echoQuery ? t.config.echoQuery : null,
          salesforceOutboundMessage: t.config.salesforceOutboundMessage === true,
        });
      }
      if (this.schedulesEnabled) for (const t of this.triggersOf(def, 'schedule')) this.schedule(a, t.id, t.config);
    }
    this.routes = routes;
  }

  stop(): void {
    this.stopped = true;
    for (const job of this.jobs) job.stop();
    this.jobs = [];
  }

  private schedule(a: Activation, nodeId: string, config: Record<string, unknown>): void {
    const timezone = typeof config.timezone === 'string' ? config.timezone : 'UTC';
    try {
      const job = new Cron(String(config.cron), { timezone, protect: true }, async (self: Cron) => {
        const scheduledAt = (self.currentRun() ?? new Date()).toISOString();
        try {
          await this.engine.startRun({
            plan: await this.engine.planFor(a.flowId, a.version),
            triggerNodeId: nodeId,
            event: { body: { scheduledAt, timezone }, scheduledAt },
            dedupeKey: `schedule:${nodeId}:${scheduledAt}`,
          });
        } catch (err) {
          this.logger.error('scheduled run could not start', {
            flowId: a.flowId,
            nodeId,
            error: (err as Error).message,
          });
        }
      });
      this.jobs.push(job);
    } catch (err) {
      this.logger.error('schedule could not be set', { flowId: a.flowId, nodeId, error: (err as Error).message });
    }
  }

  private triggersOf(def: FlowDefinition, source: string) {
    return def.nodes.filter((n) => this.lookup(n.type, n.typeVersion)?.trigger === source);
  }
}
