import { createApp } from '../../runtime/api/app.ts';
import type { Weft } from '../../runtime/weft.ts';

export interface ApiResponse {
  status: number;
  headers: Headers;
  // The parsed JSON body (null when empty or not JSON).
  body: any;
}

/** Calls the app without a port. `body` objects are sent as JSON, strings as they are. */
export function client(weft: Weft) {
  const app = createApp(weft);
  return async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    const init: RequestInit = { method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers } };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const res = await app.request(path, init);
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, headers: res.headers, body: parsed };
  };
}
