import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import { createApp } from '../../runtime/api/app.ts';
import { ManualClock } from '../../runtime/engine/clock.ts';
import { testWeft } from '../support/weft.ts';
import { ADMIN_TOKEN } from '../support/auth.ts';

let weft: Weft;
let clock: ManualClock;
let app: ReturnType<typeof createApp>;

beforeEach(async () => {
  clock = new ManualClock();
  weft = await testWeft({ clock });
  app = createApp(weft);
});
afterEach(() => weft.close(0));

/** A request from `address` (the connection's peer, as the node server passes it). */
function from(
  address: string,
  method: string,
  path: string,
  opts: { body?: unknown; headers?: Record<string, string> } = {},
) {
  const init: RequestInit = {
    method,
    headers: { ...(opts.body ? { 'content-type': 'application/json' } : {}), ...opts.headers },
  };
  if (opts.body) init.body = JSON.stringify(opts.body);
  return app.request(path, init, { incoming: { socket: { remoteAddress: address } } });
}
const denied = async () => (await weft.audit.list({ action: 'auth.denied' })).reverse();
const login = (address: string, email: string, password: string) =>
  from(address, 'POST', '/api/auth/login', { body: { email, password } });

describe('refused API requests', () => {
  it('answer 401 with a Bearer challenge and are audited once a minute per address, route and reason, with a count', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await from('203.0.113.7', 'GET', '/api/flows');
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="weft"');
    }
    await from('203.0.113.7', 'GET', '/api/runs/run_123', { headers: { authorization: 'Bearer weft_not-a-token' } });
    await from('203.0.113.7', 'GET', '/api/runs/run_456', { headers: { authorization: 'Bearer weft_not-a-token' } });
    await from('198.51.100.9', 'GET', '/api/flows');
    expect(
      (await denied()).map((e) => [
        e.target,
        (e.detail as { address: string }).address,
        (e.detail as { count: number }).count,
      ]),
    ).toEqual([
      ['GET /api/flows', '203.0.113.7', 1],
      ['GET /api/runs/{id}', '203.0.113.7', 1],
      ['GET /api/flows', '198.51.100.9', 1],
    ]);
    expect((await denied())[0]).toMatchObject({
      actorId: null,
      detail: { status: 401, code: 'unauthenticated', reason: expect.stringMatching(/sign in/) },
    });

    // A minute on, what was counted meanwhile is written as one entry per window, with its count.
    clock.advance(61_000);
    await from('203.0.113.7', 'GET', '/api/flows');
    expect((await denied()).slice(3).map((e) => [e.target, (e.detail as { count: number }).count])).toEqual([
      ['GET /api/flows', 2],
      ['GET /api/runs/{id}', 1],
    ]);
    expect((await denied())[3]!.detail).toMatchObject({ address: '203.0.113.7', since: clock.now() - 61_000 });
    // What is still counted when the runtime stops is written then.
    await weft.deniedRequests.flush();
    expect((await denied()).slice(5).map((e) => [e.target, (e.detail as { count: number }).count])).toEqual([
      ['GET /api/flows', 1],
    ]);
  });

  it('records a role too low (403) with who was refused; a flood of refusals writes one entry', async () => {
    const { token } = await weft.identity.createToken('reader', 'analyst', null, null);
    for (let i = 0; i < 50; i++) {
      const res = await from('203.0.113.7', 'GET', '/api/users', { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(403);
    }
    expect(await denied()).toEqual([
      expect.objectContaining({
        actorKind: 'token',
        actorName: 'reader',
        target: 'GET /api/users',
        detail: expect.objectContaining({ status: 403, code: 'forbidden', count: 1 }),
      }),
    ]);
    const ok = await from('203.0.113.7', 'GET', '/api/users', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await denied()).toHaveLength(1);
  });
});

describe('sign-in throttle', () => {
  beforeEach(async () => {
    await weft.identity.createUser({ email: 'ana@firm.test', role: 'analyst', password: 'analyst password' });
  });

  it('answers 429 with Retry-After after 5 failures for an account, even for the right password, and doubles the wait', async () => {
    for (let i = 0; i < 5; i++)
      expect((await login(`203.0.113.${i}`, 'ana@firm.test', 'wrong guess')).status).toBe(401);
    const blocked = await login('203.0.113.99', 'ANA@firm.test', 'analyst password');
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('60');
    expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('too_many_attempts');
    expect(await denied()).toEqual([
      expect.objectContaining({
        target: 'POST /api/auth/login',
        detail: expect.objectContaining({ status: 429, address: '203.0.113.99' }),
      }),
    ]);

    clock.advance(60_000);
    expect((await login('203.0.113.99', 'ana@firm.test', 'wrong again')).status).toBe(401);
    const longer = await login('203.0.113.99', 'ana@firm.test', 'analyst password');
    expect(longer.status).toBe(429);
    expect(longer.headers.get('retry-after')).toBe('120');
  });

  it('a success starts the account over', async () => {
    for (let i = 0; i < 4; i++) expect((await login('203.0.113.1', 'ana@firm.test', 'wrong guess')).status).toBe(401);
    expect((await login('203.0.113.1', 'ana@firm.test', 'analyst password')).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login('203.0.113.2', 'ana@firm.test', 'wrong guess')).status).toBe(401);
    expect((await login('203.0.113.3', 'ana@firm.test', 'analyst password')).status).toBe(200);
  });

  it('throttles an address guessing across accounts, and forgets failures after the window', async () => {
    for (let i = 0; i < 5; i++)
      expect((await login('198.51.100.4', `user${i}@firm.test`, 'wrong guess')).status).toBe(401);
    expect((await login('198.51.100.4', 'ana@firm.test', 'analyst password')).status).toBe(429);
    expect((await login('198.51.100.5', 'ana@firm.test', 'analyst password')).status).toBe(200);

    clock.advance(60_000 + 15 * 60_000 + 1);
    for (let i = 0; i < 4; i++)
      expect((await login('198.51.100.4', 'nobody@firm.test', 'wrong guess')).status).toBe(401);
    expect((await login('198.51.100.4', 'ana@firm.test', 'analyst password')).status).toBe(200);
  });
});
