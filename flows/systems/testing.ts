import type { Hono } from 'hono';
import type { SysEnv } from './kit/types.ts';

/** A JSON answer from `app.request()`, parsed. */
export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Test helper: one JSON request to an app without opening a port. */
export async function call<T = any>(
  app: Hono<SysEnv>,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer<T>> {
  const init: RequestInit = { method, headers: { 'content-type': 'application/json', ...headers } };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await app.request(path, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

/** A controllable clock for tests. */
export function fakeClock(start = Date.parse('2025-06-02T09:00:00Z')) {
  const clock = {
    t: start,
    now: () => clock.t,
    advance: (ms: number) => {
      clock.t += ms;
    },
  };
  return clock;
}
