import type { FlowDefinition } from '../../shared/flow.ts';
import type {
  ConnectionCredentials,
  HttpClient,
  NodeLogger,
  ResolvedConnection,
  TriggerSource,
} from '../../nodes/define-node.ts';
import type { Clock } from '../engine/clock.ts';
import type { Engine } from '../engine/engine.ts';
import type { TriggerEvent } from '../engine/run-state.ts';
import type { Store } from '../store/ports.ts';

/** One trigger node of an active flow version that an event source serves. */
export interface ActiveTrigger {
  flowId: string;
  version: number;
  nodeId: string;
  config: Record<string, unknown>;
  definition: FlowDefinition;
}

/** What an event source may use: the engine to start runs, connections, the store (cursors), a clock. */
export interface SourceContext {
  engine: Pick<Engine, 'startRun' | 'planFor' | 'exprs'>;
  credentials(id: string): Promise<ConnectionCredentials>;
  /** An HTTP connection, ready to call: base URL and auth headers. */
  connection(id: string, signal?: AbortSignal): Promise<ResolvedConnection>;
  /** The connectors' HTTP client: egress guard, circuits and rate limits. */
  http: HttpClient;
  store: Store;
  logger: NodeLogger;
  clock: Clock;
}

/** A trigger being served; `stop` ends it and resolves when nothing of it runs any more. */
export interface Listener {
  stop(): Promise<void>;
}

/**
 * Starts runs for the trigger nodes of one kind (a node kind's `trigger`): a schedule, a poll, a message
 * queue, a folder. `start` resolves once the trigger is served; a system that cannot be reached yet is
 * retried by the source itself (logged), never by failing `start`.
 */
export interface EventSource {
  readonly kind: TriggerSource;
  start(t: ActiveTrigger, ctx: SourceContext): Promise<Listener> | Listener;
}

/**
 * Starts the trigger's run for one event, durably: resolves once the run (or, for a `dedupeKey` seen before,
 * the earlier run) is stored, so a source acknowledges its event only after this resolves.
 */
export async function startTriggerRun(
  ctx: SourceContext,
  t: ActiveTrigger,
  event: TriggerEvent,
  dedupeKey: string | null,
): Promise<{ runId: string; duplicate: boolean }> {
  return ctx.engine.startRun({
    plan: await ctx.engine.planFor(t.flowId, t.version),
    triggerNodeId: t.nodeId,
    event,
    dedupeKey,
  });
}
