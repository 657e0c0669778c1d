/** JSON over HTTP for the demo scripts; a non-2xx answer throws with the system's message. */
export async function call<T = unknown>(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: {
      accept: 'application/json',
      'x-client-id': 'demo',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const parsed = text ? JSON.parse(text) : null;
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${parsed?.error?.message ?? text}`);
  return parsed as T;
}

/** The Authorization header for Weft's API with an API token. */
export const bearer = (token: string | undefined): Record<string, string> =>
  token ? { authorization: `Bearer ${token}` } : {};

const SYSTEMS = ['crm', 'clm', 'psa', 'erp', 'billing'];

/**
 * Waits until no sample system has an event still on its way to Weft (bounded); returns false when one
 * is still being delivered at the deadline.
 */
export async function systemsDelivered(systemsUrl: string, timeoutMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const stats = await Promise.all(
      SYSTEMS.map((s) => call<{ pendingEvents: number }>('GET', `${systemsUrl}/${s}/admin/stats`)),
    );
    if (stats.every((s) => s.pendingEvents === 0)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** Waits until Weft has no running run (bounded); returns false when it is still busy at the deadline. */
export async function weftIdle(weftUrl: string, token?: string, timeoutMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { runs } = await call<{ runs: unknown[] }>(
      'GET',
      `${weftUrl}/api/runs?status=running&limit=1`,
      undefined,
      bearer(token),
    );
    if (runs.length === 0) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}
