import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import http from '../../nodes/connector/http.node.ts';
import { makeTestContext } from '../../nodes/testing.ts';
import { createHttpClient } from '../../runtime/engine/http-client.ts';
import { ManualClock } from '../../runtime/engine/clock.ts';
import { GuardedHttp } from '../../runtime/guard/guarded-http.ts';
import { defaultConfig } from '../../runtime/config.ts';
import { HttpStub } from '../support/http-stub.ts';
import { loopbackEgress } from '../support/egress.ts';

/** A downstream whose Retry-After asks for far too long: it may hold its own step and host only up to the cap. */
let stub: HttpStub;
const inner = createHttpClient({ egress: loopbackEgress() });

beforeAll(async () => {
  stub = await HttpStub.start();
});

afterAll(async () => {
  await stub.close();
  await inner.close();
});

type Outcome = { ok: unknown } | { code: string; retryable: boolean; retryAfterMs?: number; message: string };

/** Connector steps through the guard on a manual clock; each call's outcome is its output or its error. */
function guarded(retryAfterMaxMs?: number) {
  const clock = new ManualClock();
  const guard = new GuardedHttp(inner, {
    circuitFailures: 5,
    circuitCooldownMs: 30_000,
    rateLimits: [],
    clock,
    retryAfterMaxMs,
  });
  const call = async (path: string): Promise<Outcome> => {
    try {
      return {
        ok: await http.execute(
          makeTestContext({ http: guard, now: () => clock.now() }),
          {},
          http.config.parse({ url: `${stub.url}${path}` }),
        ),
      };
    } catch (err) {
      return err as never;
    }
  };
  return { clock, call };
}

describe('Retry-After beyond the cap (WEFT_RETRY_AFTER_MAX_S)', () => {
  it('a 429 asking to wait until 2037 fails its step (retryable, after the 5 min cap) and holds other endpoints of the host 5 min at most', async () => {
    stub.respond('/flood', {
      status: 429,
      headers: { 'retry-after': 'Thu, 01 Jan 2037 00:00:00 GMT' },
      body: { error: 'slow down' },
    });
    const { clock, call } = guarded();
    const flood = await call('/flood');
    expect(flood).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 300_000 });
    expect((flood as { message: string }).message).toBe(
      `GET ${stub.url}/flood answered 429 asking to wait 4018 days (Retry-After: Thu, 01 Jan 2037 00:00:00 GMT), longer than the 5 min allowed (WEFT_RETRY_AFTER_MAX_S); tried again in 5 min`,
    );

    expect(await call('/other')).toMatchObject({ code: 'circuit_open', retryAfterMs: 300_000 });
    expect(stub.calls('/other')).toHaveLength(0);
    clock.advance(300_000);
    expect(await call('/other')).toMatchObject({ ok: { ok: true, path: '/other' } });
  });

  it('a huge number of seconds is held to a configured cap the same way', async () => {
    stub.respond('/busy', { status: 429, headers: { 'retry-after': '999999999999' } });
    const { clock, call } = guarded(60_000);
    expect(await call('/busy')).toMatchObject({
      code: 'rate_limited',
      retryable: true,
      retryAfterMs: 60_000,
      message: expect.stringContaining('longer than the 60s allowed'),
    });
    expect(await call('/elsewhere')).toMatchObject({ code: 'circuit_open', retryAfterMs: 60_000 });
    clock.advance(60_000);
    expect(await call('/elsewhere')).toMatchObject({ ok: { path: '/elsewhere' } });
  });

  it('a 503 asking too much fails its step the same way and pauses nothing', async () => {
    stub.respond('/down', { status: 503, headers: { 'retry-after': '86400' } });
    const { call } = guarded();
    expect(await call('/down')).toMatchObject({
      code: 'http_server_error',
      retryable: true,
      retryAfterMs: 300_000,
      message: expect.stringContaining('asking to wait 24 h'),
    });
    expect(await call('/up')).toMatchObject({ ok: { path: '/up' } });
  });

  it('a wait within the cap is honoured as asked', async () => {
    stub.respond('/soon', { status: 429, headers: { 'retry-after': '120' } });
    const { clock, call } = guarded();
    expect(await call('/soon')).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 120_000 });
    expect(await call('/later')).toMatchObject({ code: 'circuit_open', retryAfterMs: 120_000 });
    clock.advance(120_000);
    expect(await call('/later')).toMatchObject({ ok: { path: '/later' } });
  });

  it('is read from WEFT_RETRY_AFTER_MAX_S: 5 min unless set, at most an hour', () => {
    expect(defaultConfig({}).retryAfterMaxMs).toBe(300_000);
    expect(defaultConfig({ WEFT_RETRY_AFTER_MAX_S: '30' }).retryAfterMaxMs).toBe(30_000);
    expect(() => defaultConfig({ WEFT_RETRY_AFTER_MAX_S: '7200' })).toThrow(
      /WEFT_RETRY_AFTER_MAX_S must be at most 3600/,
    );
  });
});
