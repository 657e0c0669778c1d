import type { HttpResponse, NodeContext, ResolvedConnection } from '../define-node.ts';
import { parseBody, statusError } from './http-response.ts';

export interface HttpCall {
  method: string;
  url: URL;
  headers: Record<string, string>;
  /** Objects and arrays are sent as JSON, strings as they are; undefined and null send no body. */
  body?: unknown;
  timeoutMs: number;
  /** The Idempotency-Key for non-GET requests; the step's stable key when absent. */
  idempotencyKey?: string;
  /** The connection whose secret signs the request as a Standard Webhooks webhook. */
  signWith?: string;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const hasHeader = (h: Record<string, string>, name: string) => Object.keys(h).some((k) => k.toLowerCase() === name);

/**
 * One request of a connector step: the connection's auth headers, the Idempotency-Key stable across
 * retries (recorded as sent), an optional webhook signature, one new OAuth2 token on a 401, and the
 * answer checked (non-2xx fails, classified for retry) and parsed.
 */
export async function callHttp(ctx: NodeContext, conn: ResolvedConnection | null, call: HttpCall): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...call.headers, ...conn?.headers };
  let body: string | undefined;
  if (call.body !== undefined && call.body !== null) {
    if (typeof call.body === 'string') body = call.body;
    else {
      body = JSON.stringify(call.body);
      if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
    }
  }
  if (
    call.method !== 'GET' &&
    call.method !== 'HEAD' &&
    (call.idempotencyKey !== undefined || !hasHeader(headers, 'idempotency-key'))
  ) {
    for (const k of Object.keys(headers)) if (k.toLowerCase() === 'idempotency-key') delete headers[k];
    headers['Idempotency-Key'] = call.idempotencyKey ?? ctx.idempotencyKey;
  }
  const sentKey = Object.entries(headers).find(([k]) => k.toLowerCase() === 'idempotency-key')?.[1];
  if (sentKey !== undefined) ctx.sentKey(sentKey);
  if (call.signWith)
    Object.assign(headers, await ctx.signWebhook(call.signWith, sentKey ?? ctx.idempotencyKey, body ?? ''));
  const send = (h: Record<string, string>): Promise<HttpResponse> =>
    ctx.http.request({
      method: call.method,
      url: call.url.href,
      headers: h,
      body,
      timeoutMs: call.timeoutMs,
      signal: ctx.signal,
      guard: conn?.guard,
      allowPrivate: conn?.allowPrivate,
    });
  let res = await send(headers);
  // A refused OAuth2 token is replaced once and the call sent again (a 401 means it was not carried out).
  if (res.status === 401 && conn?.reauthorize) res = await send({ ...headers, ...(await conn.reauthorize()) });
  else if (res.status === 401) conn?.unauthorized?.();
  const where = `${call.method} ${call.url.origin}${call.url.pathname}`;
  if (res.status < 200 || res.status > 299) throw statusError(res, where);
  return { status: res.status, headers: res.headers, body: parseBody(res, where) };
}
