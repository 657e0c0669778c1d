import { toErrorShape } from '../../shared/errors.ts';
import type { HttpClient } from '../../nodes/define-node.ts';
import type { Connections } from './connections.ts';

export interface ConnectionTestResult {
  ok: boolean;
  /** HTTP status of the answer; null when none came. */
  status: number | null;
  ms: number;
  message: string;
}

/**
 * "Test connection": gets a token when the connection uses OAuth2, then a GET of the base URL with the
 * connection's headers, through the same egress guard as connector steps. Any answer below 500 other
 * than 401/403 counts as reachable with accepted credentials.
 */
export async function testConnection(
  deps: { connections: Pick<Connections, 'resolve'>; http: HttpClient },
  id: string,
): Promise<ConnectionTestResult> {
  const started = Date.now();
  const ms = () => Date.now() - started;
  try {
    const conn = await deps.connections.resolve(id, AbortSignal.timeout(15_000));
    const res = await deps.http.request({
      method: 'GET',
      url: conn.baseUrl,
      headers: conn.headers,
      timeoutMs: 10_000,
      guard: conn.guard,
      allowPrivate: conn.allowPrivate,
    });
    if (res.status === 401 || res.status === 403) {
      conn.unauthorized?.();
      return {
        ok: false,
        status: res.status,
        ms: ms(),
        message: `${conn.baseUrl} refused the credentials (${res.status})`,
      };
    }
    if (res.status >= 500)
      return { ok: false, status: res.status, ms: ms(), message: `${conn.baseUrl} answered ${res.status}` };
    if (res.status >= 400)
      return {
        ok: true,
        status: res.status,
        ms: ms(),
        message: `${conn.baseUrl} is reachable and did not refuse the credentials, but answered ${res.status} (an API often has nothing at its base URL)`,
      };
    return { ok: true, status: res.status, ms: ms(), message: `${conn.baseUrl} answered ${res.status}` };
  } catch (err) {
    return { ok: false, status: null, ms: ms(), message: toErrorShape(err).message };
  }
}
