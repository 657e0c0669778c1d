import { webhookRouteKey, type FlowDefinition } from '../../shared/flow.ts';
import { stripLeadingEquals } from '../../shared/expression-string.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import type { NodeLogger } from '../../nodes/define-node.ts';
import type { ActiveTrigger, EventSource, Listener, SourceContext } from './event-source.ts';
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

/** A trigger being served, and what it was started with (a change of either starts it anew). */
interface Served {
  identity: string;
  listener: Promise<Listener | null>;
}

/**
 * Connects event sources to the active versions: webhook routes by method and path, and for every other
 * trigger kind (schedules, polls, queues, folders) a listener of its event source. A refresh starts the
 * triggers that became active and stops those that are no longer; unchanged ones keep running.
 */
export class TriggerManager {
  private routes = new Map<string, WebhookRoute>();
  private served = new Map<string, Served>();
  /** The refresh under way: refreshes run one after another, so the last one asked for wins. */
  private refreshing: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly sources: Map<string, EventSource>;

  constructor(
    private readonly engine: Engine,
    private readonly lookup: NodeLookup,
    private readonly activations: () => Promise<Activation[]>,
    private readonly logger: NodeLogger,
    sources: EventSource[],
    private readonly context: SourceContext,
  ) {
    this.sources = new Map(sources.map((s) => [s.kind, s]));
  }

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

  /** Rebuilds routes and listeners from the current activations (after any refresh under way). */
  refresh(): Promise<void> {
    const next = this.refreshing.then(() => this.rebuild());
    this.refreshing = next.catch(() => {});
    return next;
  }

  /** Loads every active version first, then swaps routes at once and starts and stops listeners. */
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
    const wanted = new Map<string, { source: EventSource; t: ActiveTrigger; identity: string }>();
    for (const { a, def } of active) {
      for (const t of this.triggersOf(def, 'webhook')) routes.set(webhookRouteKey(t.config), routeOf(a, t));
      for (const [kind, source] of this.sources)
        for (const n of this.triggersOf(def, kind)) {
          const t = { flowId: a.flowId, version: a.version, nodeId: n.id, config: n.config, definition: def };
          const identity = `${a.version}:${JSON.stringify(n.config)}`;
          wanted.set(`${kind}:${a.flowId}:${n.id}`, { source, t, identity });
        }
    }
    this.routes = routes;
    const stopping: Promise<void>[] = [];
    for (const [key, s] of this.served)
      if (wanted.get(key)?.identity !== s.identity) {
        this.served.delete(key);
        stopping.push(this.stopServed(s));
      }
    // A trigger that changed is stopped before its new version starts, so two never serve one node at once.
    await Promise.all(stopping);
    for (const [key, w] of wanted)
      if (!this.served.has(key))
        this.served.set(key, { identity: w.identity, listener: this.startServed(w.source, w.t) });
  }

  private async startServed(source: EventSource, t: ActiveTrigger): Promise<Listener | null> {
    try {
      return await source.start(t, this.context);
    } catch (err) {
      this.logger.error('trigger could not start', {
        flowId: t.flowId,
        nodeId: t.nodeId,
        kind: source.kind,
        error: (err as Error).message,
      });
      return null;
    }
  }

  private async stopServed(s: Served): Promise<void> {
    try {
      await (await s.listener)?.stop();
    } catch (err) {
      this.logger.error('trigger could not stop cleanly', { error: (err as Error).message });
    }
  }

  /** Stops every listener and resolves when none runs any more. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.refreshing;
    const all = [...this.served.values()];
    this.served.clear();
    await Promise.all(all.map((s) => this.stopServed(s)));
  }

  private triggersOf(def: FlowDefinition, source: string) {
    return def.nodes.filter((n) => this.lookup(n.type, n.typeVersion)?.trigger === source);
  }
}

function routeOf(a: Activation, t: { id: string; config: Record<string, unknown> }): WebhookRoute {
  const dedupe =
    typeof t.config.dedupe === 'string' && t.config.dedupe.length > 0 ? stripLeadingEquals(t.config.dedupe) : null;
  return {
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
  };
}
