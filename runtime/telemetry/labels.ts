import type { HttpRequest } from '../../nodes/define-node.ts';
import { ErrorCodes } from '../../shared/errors.ts';
import type { CircuitState } from '../guard/circuit-breaker.ts';
import { hostOf } from '../guard/guarded-http.ts';

/** The values of a connector call's `status_class` label. */
export type StatusClass = '2xx' | '3xx' | '4xx' | '5xx' | 'error';

/** The class of a downstream's answer; `null` (no answer: a network error, a timeout, a refusal) is `error`. */
export function statusClass(status: number | null): StatusClass {
  if (status === null || status < 200 || status >= 600) return 'error';
  if (status < 300) return '2xx';
  if (status < 400) return '3xx';
  if (status < 500) return '4xx';
  return '5xx';
}

const CONNECTION_KEY = 'connection:';

/** Whom a connector call went to: its stored connection's id, else the URL's `host:port` (`unknown` when it has none). */
export function connectionLabel(req: Pick<HttpRequest, 'url' | 'guard'>): string {
  const key = req.guard?.key;
  if (key?.startsWith(CONNECTION_KEY)) return key.slice(CONNECTION_KEY.length);
  return key ?? hostOf(req.url) ?? 'unknown';
}

/**
 * The `status` label of a finished run: its status, except that a run failed because the store refused
 * a step's result is `commit_failed` (the store's trouble, not the flow's).
 */
export function runStatusLabel(status: string, errorCode: string | null): string {
  return status === 'failed' && errorCode === ErrorCodes.commitFailed ? 'commit_failed' : status;
}

/** A circuit as a number for a gauge: 0 closed, 1 half-open, 2 open. */
export function circuitValue(state: CircuitState): number {
  return state === 'closed' ? 0 : state === 'half_open' ? 1 : 2;
}
