import { afterEach, beforeEach } from 'vitest';
import { createApp } from '../../runtime/api/app.ts';
import { testWeft } from './weft.ts';
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
  return async function call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse> {
    const all: Record<string, string> = {
      ...ADMIN_AUTH,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    };
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

/** A fresh in-memory runtime and its API client for each test of the calling file. */
export function apiPerTest(): { readonly weft: Weft; readonly call: ReturnType<typeof client> } {
  const current = {} as { weft: Weft; call: ReturnType<typeof client> };
  beforeEach(async () => {
    current.weft = await testWeft();
    current.call = client(current.weft);
  });
  afterEach(() => current.weft.close(0));
  return current;
}
