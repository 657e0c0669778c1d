import { describe, it, expect } from 'vitest';
import type { HttpRequest, HttpResponse } from '../../nodes/define-node.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import { ManualClock } from '../engine/clock.ts';
import { GuardedHttp, hostOf } from './guarded-http.ts';

type Reply = HttpResponse | Error;

function guarded(
  replies: Reply[],
  opts: { circuitFailures?: number; rateLimits?: { host: string; limit: number; intervalMs: number }[] } = {},
) {
  const clock = new ManualClock();
  const sent: string[] = [];
  const inner = {
    async request(req: HttpRequest): Promise<HttpResponse> {
      sent.push(req.url);
      const r = replies.shift() ?? { status: 200, headers: {}, body: '' };
      if (r instanceof Error) throw r;
      return r;
    },
  };
  const http = new GuardedHttp(inner, {
    circuitFailures: opts.circuitFailures ?? 2,
    circuitCooldownMs: 10_000,
    rateLimits: opts.rateLimits ?? [],
    clock,
  });
  const call = (url = 'http://erp.example.com/orders') => http.request({ method: 'POST', url, timeoutMs: 1000 });
  return { clock, sent, http, call };
}

const status = (s: number, headers: Record<string, string> = {}): HttpResponse => ({ status: s, headers, body: '' });
const networkError = () =>
  new WeftError(ErrorCodes.network, 'POST http://erp.example.com failed: ECONNREFUSED', { retryable: true });

describe('guarded HTTP client', () => {
  it('keys downstreams by host:port as the URL spells it', () => {
    expect(hostOf('https://ERP.example.com/x')).toBe('erp.example.com');
    expect(hostOf('https://erp.example.com:443/x')).toBe('erp.example.com');
    expect(hostOf('http://127.0.0.1:4100/erp')).toBe('127.0.0.1:4100');
    expect(hostOf('not a url')).toBeNull();
  });

  it('opens on 5xx and network errors, then refuses without sending', async () => {
    const { sent, http, call } = guarded([status(503), networkError()]);
    expect((await call()).status).toBe(503);
    await expect(call()).rejects.toMatchObject({ code: 'network_error' });
    await expect(call()).rejects.toMatchObject({
      code: 'circuit_open',
      retryAfterMs: 10_000,
      message: 'circuit for erp.example.com is open after 2 failures; next try in 10s',
    });
    expect(sent).toHaveLength(2);
    expect(http.status().circuits).toEqual([
      expect.objectContaining({
        host: 'erp.example.com',
        state: 'open',
        consecutiveFailures: 2,
        lastError: expect.stringContaining('ECONNREFUSED'),
      }),
    ]);
    expect((await call('http://other.example.com/')).status).toBe(200);
  });

  it('counts 4xx as the host answering, and 429 and aborts as neither', async () => {
    const aborted = new WeftError(ErrorCodes.aborted, 'aborted');
    const { http, call } = guarded([status(500), status(404), status(500), status(429), aborted, status(500)]);
    await call();
    await call();
    await call();
    await call();
    await expect(call()).rejects.toBe(aborted);
    await call();
    expect(http.status().circuits[0]).toMatchObject({ state: 'open', consecutiveFailures: 2 });
  });

  it('a 429 with Retry-After pauses the host for every request', async () => {
    const { clock, sent, http, call } = guarded([status(429, { 'Retry-After': '5' })]);
    await call();
    expect(http.status().rateLimits).toEqual([
      { host: 'erp.example.com', limit: null, intervalMs: null, waiting: 0, pausedUntil: clock.now() + 5000 },
    ]);
    // The request joins the host's queue before request() returns: waiting there, it has not been sent.
    const next = call();
    expect(http.status().rateLimits[0].waiting).toBe(1);
    expect(sent).toHaveLength(1);
    clock.advance(5000);
    expect((await next).status).toBe(200);
    expect(sent).toHaveLength(2);
  });

  it('waits for a rate-limit turn before the request goes', async () => {
    const { clock, sent, http, call } = guarded([], {
      rateLimits: [{ host: 'erp.example.com', limit: 1, intervalMs: 1000 }],
    });
    await call();
    const second = call();
    expect(sent).toHaveLength(1);
    expect(http.status().rateLimits).toEqual([
      { host: 'erp.example.com', limit: 1, intervalMs: 1000, waiting: 1, pausedUntil: null },
    ]);
    clock.advance(1000);
    await second;
    expect(sent).toHaveLength(2);
  });

  it('with circuitFailures 0 has no circuits', async () => {
    const { sent, http, call } = guarded([status(500), status(500), status(500)], { circuitFailures: 0 });
    for (let i = 0; i < 3; i++) await call();
    expect(sent).toHaveLength(3);
    expect(http.status().circuits).toEqual([]);
  });
});
