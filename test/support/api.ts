import { createApp } from '../../runtime/api/app.ts';
import type { Weft } from '../../runtime/weft.ts';
import { ADMIN_AUTH } from './auth.ts';

export interface ApiResponse {
  status: number;
  headers: Headers;
  // The parsed JSON body (null when empty or not JSON).
  body: any;
}

/**
 * Calls the app without a port, as the bootstrap admin token unless `headers` say otherwise
 * (an `authorization` of '' sends none). `body` objects are sent as JSON, strings as they are.
 */
export function client(weft: Weft) {
  const app = createApp(weft);
  return async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    const all: Record<string, string> = { ...ADMIN_AUTH, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers };
    if (all.authorization === '') delete all.authorization;
    const init: RequestInit = { method, headers: all };
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
