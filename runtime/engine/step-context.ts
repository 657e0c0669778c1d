import type {
  NodeContext,
  HttpClient,
  HttpRequest,
  HttpResponse,
  NodeLogger,
  ResolvedConnection,
  ConnectionCredentials,
} from '../../nodes/define-node.ts';
import { ErrorCodes, WeftError } from '../../shared/errors.ts';
import type { LookupEntryInput, LookupWriteMode, LookupWriteResult } from '../../shared/lookups.ts';
import type { RunFilesApi } from '../../shared/file-ref.ts';
import type { RunState } from './run-state.ts';
import type { ExpressionCache, ExpressionBindings } from './expressions.ts';

export interface StepContextDeps {
  exprs: ExpressionCache;
  http: HttpClient;
  logger: NodeLogger;
  now(): number;
  /**
   * Null while this worker's lease holds; once it has run out here, resolves when a renewal has said
   * whether the worker's runs are still its own (leases.ts whenHeld).
   */
  held?(): Promise<void> | null;
  startChild(parent: RunState, nodeId: string, flowId: string, input: unknown): Promise<string>;
  connection(id: string, signal: AbortSignal): Promise<ResolvedConnection>;
  credentials(id: string): Promise<ConnectionCredentials>;
  /** Standard Webhooks headers for a body, signed with a connection's shared secret at `nowMs`. */
  signWebhook(secret: string, webhookId: string, body: string, nowMs: number): Promise<Record<string, string>>;
  /** Writes into a lookup table on behalf of run `runId`. */
  writeLookup(
    runId: string,
    table: string,
    entries: LookupEntryInput[],
    mode: LookupWriteMode,
  ): Promise<LookupWriteResult>;
  /** The files of run `runId`. */
  files(runId: string): RunFilesApi;
}

export function bindingsOf(rs: RunState): ExpressionBindings {
  return rs.bindings;
}

/**
 * The context one attempt of one step receives (a class: no closures allocated per step). It is the
 * step's HTTP client too: a request leaves only while this worker holds the run, checked just before it
 * is handed on, so a worker that stalled past its lease (frozen, starved of CPU) sends nothing for a run
 * another worker has taken over meanwhile.
 */
class StepContext implements NodeContext, HttpClient {
  readonly runId: string;
  readonly flowId: string;
  readonly idempotencyKey: string;
  readonly trigger: unknown;
  readonly http: HttpClient = this;
  /** The Idempotency-Key this attempt sent, if it sent one. */
  sent: string | null = null;
  private log: NodeLogger | null = null;
  private runFiles: RunFilesApi | null = null;

  constructor(
    private readonly deps: StepContextDeps,
    private readonly rs: RunState,
    readonly nodeId: string,
    readonly attempt: number,
    readonly signal: AbortSignal,
    private readonly client: HttpClient,
  ) {
    this.runId = rs.id;
    this.flowId = rs.plan.flowId;
    this.idempotencyKey = `${rs.keyBase}:${nodeId}${rs.keySuffix}`;
    this.trigger = rs.event;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const lapsed = this.deps.held?.();
    if (lapsed) await lapsed;
    if (this.rs.released)
      throw new WeftError(
        ErrorCodes.aborted,
        `run ${this.runId} was taken over by another worker while this one's lease had run out; the request was not sent`,
      );
    return this.client.request(req);
  }

  get logger(): NodeLogger {
    if (!this.log) {
      const base = this.deps.logger;
      const trace = this.rs.trace;
      const ids = trace
        ? { runId: this.runId, flowId: this.flowId, nodeId: this.nodeId, traceId: trace.traceId }
        : { runId: this.runId, flowId: this.flowId, nodeId: this.nodeId };
      const at = (level: keyof NodeLogger) => (msg: string, data?: Record<string, unknown>) =>
        base[level](msg, { ...ids, ...data });
      this.log = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
    }
    return this.log;
  }

  sentKey(key: string): void {
    this.sent = key;
  }

  evaluate(expression: string, input: unknown): Promise<unknown> {
    return this.deps.exprs.evaluate(expression, input, this.rs.bindings);
  }

  respond(response: { status: number; headers?: Record<string, string>; body?: unknown }): void {
    this.rs.response = { status: response.status, headers: response.headers, body: response.body };
  }

  now(): number {
    return this.deps.now();
  }

  startFlow(flowId: string, input: unknown): Promise<string> {
    return this.deps.startChild(this.rs, this.nodeId, flowId, input);
  }

  connection(id: string): Promise<ResolvedConnection> {
    return this.deps.connection(id, this.signal);
  }

  credentials(id: string): Promise<ConnectionCredentials> {
    return this.deps.credentials(id);
  }

  signWebhook(secret: string, webhookId: string, body: string): Promise<Record<string, string>> {
    return this.deps.signWebhook(secret, webhookId, body, this.deps.now());
  }

  writeLookup(table: string, entries: LookupEntryInput[], mode: LookupWriteMode): Promise<LookupWriteResult> {
    return this.deps.writeLookup(this.runId, table, entries, mode);
  }

  get files(): RunFilesApi {
    this.runFiles ??= this.deps.files(this.runId);
    return this.runFiles;
  }

  sources(): string[] {
    const live = (e: { source: string; sourcePort: string }) => {
      const s = this.rs.recordOf(e.source);
      return s?.status === 'succeeded' && s.port === e.sourcePort;
    };
    return (this.rs.plan.nodes.get(this.nodeId)?.incoming ?? []).filter(live).map((e) => e.source);
  }

  connected(port: string): boolean {
    return (this.rs.plan.nodes.get(this.nodeId)?.outgoing.get(port)?.length ?? 0) > 0;
  }
}

export function createStepContext(
  deps: StepContextDeps,
  rs: RunState,
  nodeId: string,
  attempt: number,
  signal: AbortSignal,
  http: HttpClient = deps.http,
): NodeContext & { readonly sent: string | null } {
  return new StepContext(deps, rs, nodeId, attempt, signal, http);
}
