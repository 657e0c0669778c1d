import { z } from 'zod';
import { retryPolicySchema, type RetryPolicy, NO_RETRY } from '../shared/retry-policy.ts';
import { EXPRESSION_META } from '../shared/flow.ts';
import { withErrorPort } from '../shared/ports.ts';
import type { LoopWait } from '../shared/loop.ts';
import type { LookupEntryInput, LookupWriteMode, LookupWriteResult } from '../shared/lookups.ts';
import type { RunFilesApi } from '../shared/file-ref.ts';
import type { ConnectionSpec, Operation } from '../shared/openapi/operation.ts';

/** The output a node with `onError: "route"` gains (defined with the port rules in shared/ports.ts). */
export { ERROR_PORT } from '../shared/ports.ts';

export interface NodeLogger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

/** Everything a node may use. Nodes never import the runtime; the engine hands them this. */
export interface NodeContext {
  runId: string;
  flowId: string;
  nodeId: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** Stable across every attempt of this step, also after a crash and restart. */
  idempotencyKey: string;
  /** Records the Idempotency-Key this attempt sent downstream, so the run shows the key actually sent. */
  sentKey(key: string): void;
  /** Aborted when the run is cancelled, the step times out or the process shuts down. */
  signal: AbortSignal;
  logger: NodeLogger;
  /** The trigger event of the run (webhook: body, headers, query). */
  trigger: unknown;
  /** Evaluates a JSONata expression with the run's bindings ($trigger, $steps, $run); compiled once per text. */
  evaluate(expression: string, input: unknown): Promise<unknown>;
  /** Sets the answer a waiting webhook caller receives. */
  respond(response: { status: number; headers?: Record<string, string>; body?: unknown }): void;
  /** Pooled HTTP client shared by all connector steps. */
  http: HttpClient;
  /** The engine's clock (epoch ms); use it instead of Date.now() so tests can move time. */
  now(): number;
  /** Starts a run of another flow's active version from its manual trigger, linked to this step; returns its id. */
  startFlow(flowId: string, input: unknown): Promise<string>;
  /** A stored connection, ready to call: base URL, auth headers (secrets decrypted here only) and its guard settings. */
  connection(id: string): Promise<ResolvedConnection>;
  /** A stored connection of another protocol (RabbitMQ, NATS, SFTP): its URL, credentials and checked address. */
  credentials(id: string): Promise<ConnectionCredentials>;
  /**
   * Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature) for an outgoing body, signed
   * with the shared secret of connection `secret` (its token or API key); the secret stays in the runtime.
   */
  signWebhook(secret: string, webhookId: string, body: string): Promise<Record<string, string>>;
  /** Whether an edge leaves this node's output `port` in the flow being run. */
  connected(port: string): boolean;
  /**
   * The nodes whose outputs make this step's input, in the order of the flow's edges into it. With more than
   * one, the input holds each one's output under its id.
   */
  sources(): string[];
  /**
   * Writes entries (distinct keys) into an existing lookup table on behalf of this run: a new version with
   * its audit entry, and every process reads the table again. Writing the same entries again changes nothing.
   */
  writeLookup(table: string, entries: LookupEntryInput[], mode: LookupWriteMode): Promise<LookupWriteResult>;
  /**
   * The run's files: `write` stores content (bytes, text or a stream of chunks) chunk by chunk and returns a
   * FileRef to pass on in outputs; `read` streams a file of this run back. Memory stays at one chunk.
   */
  files: RunFilesApi;
}

export interface ResolvedConnection {
  id: string;
  baseUrl: string;
  /** Authentication headers to send; never to be put into a step's output. */
  headers: Record<string, string>;
  /** Circuit breaker and rate limit key and limit of this connection. */
  guard: HttpGuard;
  /** An admin allowed this connection to reach private, loopback and link-local addresses (never cloud metadata). */
  allowPrivate: boolean;
  /** The downstream answered 401: a cached token is dropped so the next attempt gets a fresh one. */
  unauthorized?: () => void;
  /** OAuth2: the downstream refused this token (401); headers with another one, fetched once however many requests saw the refusal. */
  reauthorize?: () => Promise<Record<string, string>>;
  /** The connection's current OpenAPI document (its operations and version); undefined when it has none. */
  openapi?: () => Promise<ConnectionSpec | undefined>;
}

/** A connection's address and credentials for clients of other protocols (RabbitMQ, NATS, SFTP). */
export interface ConnectionCredentials {
  id: string;
  url: URL;
  /** The base URL's scheme without the colon: "amqp", "nats", "sftp", … */
  scheme: string;
  username?: string;
  password?: string;
  /** A bearer token or API key, when the connection holds one. */
  token?: string;
  /** An SSH private key (auth type ssh_key). */
  privateKey?: string;
  /** An admin allowed this connection to reach private, loopback and link-local addresses. */
  allowPrivate: boolean;
  /** The port to connect to: the URL's, else the scheme's default (amqp 5672, amqps 5671, nats/tls 4222, sftp 22). */
  port: number;
  /**
   * The host resolved once and checked by the egress guard as a connector's (private addresses only when
   * allowPrivate or WEFT_EGRESS_ALLOW opens them): the address to connect to, so DNS cannot answer otherwise later.
   */
  address(): Promise<string>;
}

export interface HttpGuard {
  key: string;
  rateLimit?: { limit: number; intervalMs: number } | null;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Circuit and rate-limit key (a connection); the URL's host:port when absent. */
  guard?: HttpGuard;
  /** Let the egress guard pass private, loopback and link-local addresses (an admin allowed it for the connection); cloud metadata and the runtime's own port stay closed. */
  allowPrivate?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
}

export interface NodePorts {
  inputs: string[];
  outputs: string[];
}

/** One finding of a node kind's own static check; `field` is the config field it is about. */
export interface ConfigFinding {
  severity: 'error' | 'warning';
  field: string;
  message: string;
}

/** What the static check knows beyond the flow: each connection's OpenAPI operations (null: it has no document; undefined: unknown). */
export interface CheckEnv {
  operations?(connection: string): Operation[] | null | undefined;
  /** A connection's base URL scheme ("nats", "https", …); null: no such connection; undefined: unknown. */
  connectionScheme?(connection: string): string | null | undefined;
}

/** Which event source starts runs of a trigger node (runtime/triggers/sources.ts serves all but webhook and manual). */
export type TriggerSource = 'webhook' | 'schedule' | 'manual' | 'poll' | 'amqp' | 'nats' | 'sftp';

const ROUTED = Symbol.for('weft.routed');

export interface Routed {
  [ROUTED]: true;
  port: string;
  output: unknown;
}

/** Sends `output` out of a named port (e.g. validate's "invalid"). A plain return value leaves by "out". */
export function emit(port: string, output: unknown): Routed {
  return { [ROUTED]: true, port, output };
}

export function isRouted(v: unknown): v is Routed {
  return typeof v === 'object' && v !== null && (v as Routed)[ROUTED] === true;
}

const WAITING = Symbol.for('weft.waiting');

/** What a node asks the engine to wait for: a point in time (delay) or an operator's decision (approval). */
export interface Waiting {
  [WAITING]: true;
  /** Epoch ms when the step completes by itself, passing its input on by "out". */
  until?: number;
  /** Waits until an operator approves (port "approved") or rejects (port "rejected"). */
  approval?: { prompt: string };
  /** Waits until this sub-flow run finishes; its result leaves by "out" (a failed child fails the step). */
  child?: string;
  /** Runs the node's loop body once per item or batch of `items` (a control.loop); the loop's output leaves by "out". */
  loop?: LoopWait;
}

/** Parks the step durably; the run holds no worker while it waits. */
export function wait(
  w: { until: number } | { approval: { prompt: string } } | { child: string } | { loop: LoopWait },
): Waiting {
  return { [WAITING]: true, ...w };
}

export function isWaiting(v: unknown): v is Waiting {
  return typeof v === 'object' && v !== null && (v as Waiting)[WAITING] === true;
}

// biome-ignore lint/suspicious/noExplicitAny: a descriptor list holds node kinds of every config type
export interface NodeDescriptor<C = any> {
  type: string;
  typeVersion: number;
  title: string;
  category: 'trigger' | 'transform' | 'validate' | 'control' | 'connector' | 'code';
  description: string;
  /** Static ports, or computed from the node's config (e.g. a switch's cases). */
  ports: NodePorts | ((config: C) => NodePorts);
  /** For computed ports: the config path ("*" for array items) whose strings name extra outputs, listed before the static ones. */
  portsFromConfig?: string[];
  config: z.ZodType<C>;
  retry: RetryPolicy;
  /** Only trigger nodes: which event source starts runs of this node. */
  trigger?: TriggerSource;
  /**
   * The node reaches outside the flow (a system, a lookup table, another flow, an operator): in a flow's test
   * case its step is answered from the case's recording instead of executing. defineNode sets it for every
   * connector; other kinds say so themselves.
   */
  recorded?: boolean;
  /** Outputs that fail the run when no edge leaves them, with what the static check says about it. */
  failsUnconnected?: Record<string, string>;
  /** What the static check says about the config as a whole (a mapping against its target schema), beyond its shape. */
  check?(config: Record<string, unknown>, env?: CheckEnv): ConfigFinding[];
  execute(ctx: NodeContext, input: unknown, config: C): Promise<unknown> | unknown;
}

/** Adds the retry override every node accepts in its config. */
/** What a node does after its last attempt failed: fail the run, or leave by its "error" output. */
export const onErrorSchema = z
  .enum(['fail', 'route'])
  .optional()
  .describe(
    'After the last attempt: "fail" stops the run (the default); "route" leaves by the "error" output with { error, input }, so the flow can handle it',
  )
  // Shown as the default in the catalogue's JSON Schema; an unset value stays unset in the config.
  .meta({ default: 'fail' });

/** Adds the engine-level settings every node accepts in its config: the retry override and the error route. */
function withRetry<S extends z.ZodType>(schema: S): S {
  if (schema instanceof z.ZodObject)
    return schema.extend({
      retry: retryPolicySchema.optional().describe('Overrides the retry policy of this node kind'),
      onError: onErrorSchema,
      stepTimeoutMs: z
        .number()
        .int()
        .min(1)
        .max(86_400_000)
        .optional()
        .describe(
          'Time one attempt may take; past it the attempt fails with step_timeout and is retried like a network error',
        ),
    }) as unknown as S;
  return schema;
}

export function defineNode<S extends z.ZodType>(
  d: Omit<NodeDescriptor<z.output<S>>, 'config' | 'retry'> & { config: S; retry?: RetryPolicy },
): NodeDescriptor<z.output<S>> {
  return {
    ...d,
    recorded: d.recorded ?? d.category === 'connector',
    retry: d.retry ?? NO_RETRY,
    config: withRetry(d.config) as unknown as z.ZodType<z.output<S>>,
  };
}

/** The ports a descriptor computes for `config`, with the error output when the config routes errors. */
export function portsOf(d: NodeDescriptor, config: unknown): NodePorts {
  return withErrorPort(typeof d.ports === 'function' ? d.ports(config) : d.ports, config, d.trigger !== undefined);
}

/** A config field whose value is always a JSONata expression, written without "=". */
export function expression(description: string) {
  return z
    .string()
    .min(1)
    .max(100_000)
    .describe(description)
    .meta({ [EXPRESSION_META]: true });
}

export const PORTS = {
  trigger: { inputs: [], outputs: ['out'] } as NodePorts,
  step: { inputs: ['in'], outputs: ['out'] } as NodePorts,
  sink: { inputs: ['in'], outputs: [] } as NodePorts,
};
