/**
 * The one error type of Weft. Classify by `code`, never by `instanceof`:
 * errors that cross an isolate or a process boundary arrive as plain objects.
 */
export interface WeftErrorShape {
  code: string;
  message: string;
  retryable: boolean;
  details?: unknown;
  /** Milliseconds the caller asked us to wait (Retry-After), if any. */
  retryAfterMs?: number;
}

export class WeftError extends Error implements WeftErrorShape {
  readonly code: string;
  readonly retryable: boolean;
  readonly details?: unknown;
  readonly retryAfterMs?: number;

  constructor(
    code: string,
    message: string,
    opts: { retryable?: boolean; details?: unknown; cause?: unknown; retryAfterMs?: number } = {},
  ) {
    super(message, opts.cause !== undefined ? { cause: opts.cause } : undefined);
    this.name = 'WeftError';
    this.code = code;
    this.retryable = opts.retryable ?? false;
    this.details = opts.details;
    this.retryAfterMs = opts.retryAfterMs;
  }

  toJSON(): WeftErrorShape {
    const out: WeftErrorShape = { code: this.code, message: this.message, retryable: this.retryable };
    if (this.details !== undefined) out.details = this.details;
    if (this.retryAfterMs !== undefined) out.retryAfterMs = this.retryAfterMs;
    return out;
  }
}

/** Turns anything thrown into the plain error shape that is stored on a step. */
export function toErrorShape(err: unknown): WeftErrorShape {
  if (
    err &&
    typeof err === 'object' &&
    typeof (err as WeftErrorShape).code === 'string' &&
    typeof (err as Error).message === 'string'
  ) {
    const e = err as WeftErrorShape;
    const out: WeftErrorShape = { code: e.code, message: e.message, retryable: e.retryable === true };
    if (e.details !== undefined) out.details = e.details;
    if (typeof e.retryAfterMs === 'number') out.retryAfterMs = e.retryAfterMs;
    return out;
  }
  if (err instanceof Error) return { code: 'internal_error', message: err.message, retryable: false };
  return { code: 'internal_error', message: String(err), retryable: false };
}

/** Codes used across folders. Kept in one place so clients can rely on them. */
export const ErrorCodes = {
  badRequest: 'bad_request',
  invalidFlow: 'invalid_flow',
  notFound: 'not_found',
  conflict: 'conflict',
  payloadTooLarge: 'payload_too_large',
  expression: 'expression_error',
  validation: 'validation_failed',
  config: 'invalid_config',
  network: 'network_error',
  timeout: 'timeout',
  http4xx: 'http_client_error',
  http5xx: 'http_server_error',
  rateLimited: 'rate_limited',
  /** The downstream's answer could not be read as what it declared (e.g. JSON cut short). */
  invalidResponse: 'invalid_response',
  /** The downstream's answer (decoded) is larger than the HTTP client reads. */
  responseTooLarge: 'response_too_large',
  code: 'code_error',
  codeTimeout: 'code_timeout',
  codeMemory: 'code_memory_limit',
  flowHasProblems: 'flow_has_problems',
  flowFailed: 'flow_failed',
  aborted: 'aborted',
  /** The downstream's circuit is open: the step is held until it may try again, without using an attempt. */
  circuitOpen: 'circuit_open',
  /** A step ran past its node's stepTimeoutMs. */
  stepTimeout: 'step_timeout',
  /** A run ran past its flow's runTimeoutMs. */
  runTimeout: 'run_timed_out',
  /** A step's output cannot be stored (nested too deep, or not JSON): the step fails instead of the run stalling. */
  unstorableOutput: 'unstorable_output',
  /** The store refused a step's result: the run fails instead of staying running. */
  commitFailed: 'commit_failed',
} as const;
