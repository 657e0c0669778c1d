import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Weft } from '../../runtime/weft.ts';
import { ManualClock } from '../../runtime/engine/clock.ts';
import { testWeft, deploy, start, finished, stepRows } from '../support/weft.ts';
import { rows, value } from '../support/rows.ts';
import { client } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';
import { HttpStub } from '../support/http-stub.ts';
import { eventually, until } from '../support/poll.ts';

let stub: HttpStub;
let weft: Weft;
let call: ReturnType<typeof client>;
let dir: string;
const TOKEN = 'tok-7e3f1c9a-bearer-secret';

beforeAll(async () => {
  stub = await HttpStub.start();
});
afterAll(() => stub.close());
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'weft-conn-'));
  weft = await testWeft({ config: { dataDir: dir } });
  call = client(weft);
});
afterEach(async () => {
  await weft.close(0);
  rmSync(dir, { recursive: true, force: true });
});

const erp = (auth: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: 'erp',
  name: 'ERP',
  baseUrl: stub.url,
  auth,
  ...extra,
});

describe('connections', () => {
  it('keeps secrets encrypted and write-only: never returned, kept when left out, refused when missing', async () => {
    const created = await call('POST', '/api/connections', erp({ type: 'bearer', token: TOKEN }));
    expect(created.status).toBe(201);
    expect(created.body.auth).toEqual({ type: 'bearer', secretSet: true });
    expect(JSON.stringify((await call('GET', '/api/connections')).body)).not.toContain(TOKEN);
    const stored = (await value<string>(weft, 'SELECT secret FROM connections'))!;
    expect(stored).toMatch(/^v1:[0-9a-f]{8}:/);
    expect(stored).not.toContain(TOKEN);
    expect(existsSync(join(dir, 'secret.key'))).toBe(true);
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);

    const renamed = await call('PUT', '/api/connections/erp', erp({ type: 'bearer' }, { name: 'ERP (prod)' }));
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'ERP (prod)', auth: { secretSet: true } });
    const cleared = await call('PUT', '/api/connections/erp', erp({ type: 'bearer', token: null }));
    expect(cleared.status).toBe(400);
    expect(cleared.body.error.message).toBe('auth type bearer needs auth.token');
    const noUser = await call('POST', '/api/connections', {
      ...erp({ type: 'basic', password: 'pw-123456' }),
      id: 'b',
    });
    expect(noUser.body.error.message).toBe('auth type basic needs auth.username');
    const badUrl = await call('POST', '/api/connections', { ...erp({ type: 'none' }), id: 'c', baseUrl: 'ftp://x' });
    expect(badUrl.status).toBe(400);
    expect(JSON.stringify(badUrl.body)).toMatch(/baseUrl/);

    const audit = await weft.audit.list({ action: 'connection.' });
    expect(audit.map((e) => e.action)).toEqual(['connection.changed', 'connection.created']);
    expect(JSON.stringify(audit)).not.toContain(TOKEN);
  });

  it("a connector step sends the connection's credentials below its base URL only, and never stores them", async () => {
    stub.respond('/projects', { status: 201, body: { id: 'P-1' } });
    await call('POST', '/api/connections', erp({ type: 'bearer', token: TOKEN }));
    await call('POST', '/api/connections', {
      id: 'crm',
      name: 'CRM',
      baseUrl: `${stub.url}/crm`,
      auth: { type: 'basic', username: 'weft', password: 'crm-pass-word-9' },
    });
    await call('POST', '/api/connections', {
      id: 'psa',
      name: 'PSA',
      baseUrl: stub.url,
      auth: { type: 'api_key', header: 'X-PSA-Key', key: 'psa-key-31337' },
    });
    const plan = await deploy(
      weft,
      flow(
        'conn',
        {
          in: n.manual(),
          erp: n.http('/projects', { connection: 'erp' }),
          crm: n.http('/accounts', { connection: 'crm', method: 'GET', body: undefined }),
          psa: n.http('/psa/echo', { connection: 'psa' }),
        },
        ['in>erp', 'erp>crm', 'crm>psa'],
      ),
    );
    const { runId } = await start(weft, plan, { code: 'X' });
    expect((await finished(weft, runId)).status).toBe('succeeded');
    expect(stub.calls('/projects')[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(stub.calls('/crm/accounts')[0]!.headers.authorization).toBe(
      `Basic ${Buffer.from('weft:crm-pass-word-9').toString('base64')}`,
    );
    expect(stub.calls('/psa/echo')[0]!.headers['x-psa-key']).toBe('psa-key-31337');
    expect(JSON.stringify(await stepRows(weft, runId))).not.toMatch(/tok-7e3f|crm-pass|psa-key/);

    // An absolute URL elsewhere would carry the credentials away: refused.
    const away = await deploy(
      weft,
      flow('away', { in: n.manual(), out: n.http('http://127.0.0.1:1/steal', { connection: 'erp' }) }, ['in>out']),
    );
    const r = await start(weft, away, {});
    const row = await finished(weft, r.runId);
    expect(row.status).toBe('failed');
    expect(JSON.parse(row.error!).message).toMatch(/is not below connection "erp"/);

    const used = await call('DELETE', '/api/connections/erp');
    expect(used.status).toBe(409);
    expect(used.body.error.message).toMatch(/used by "conn"/);
  });

  it('OAuth2 client credentials: one token request for many calls, a fresh one after a 401; tokens never stored', async () => {
    stub.respond('/oauth/token', { status: 200, body: { access_token: 'oauth-access-token-1', expires_in: 3600 } });
    stub.respond('/api/items', { status: 200, body: { ok: true } });
    await call('POST', '/api/connections', {
      id: 'billing',
      name: 'Billing',
      baseUrl: stub.url,
      auth: {
        type: 'oauth2_client_credentials',
        tokenUrl: `${stub.url}/oauth/token`,
        clientId: 'weft',
        clientSecret: 'client-secret-xyz',
        scope: 'invoices',
      },
    });
    const plan = await deploy(
      weft,
      flow(
        'oauth',
        {
          in: n.manual(),
          get: n.http('/api/items', { connection: 'billing', method: 'GET', body: undefined, fullResponse: true }),
        },
        ['in>get'],
      ),
    );
    for (let i = 0; i < 3; i++)
      expect((await finished(weft, (await start(weft, plan, { i })).runId)).status).toBe('succeeded');
    expect(stub.calls('/oauth/token')).toHaveLength(1);
    const form = new URLSearchParams(stub.calls('/oauth/token')[0]!.body);
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'client_credentials',
      client_id: 'weft',
      client_secret: 'client-secret-xyz',
      scope: 'invoices',
    });
    expect(stub.calls('/api/items').every((c) => c.headers.authorization === 'Bearer oauth-access-token-1')).toBe(true);

    stub.failTimes('/api/items', 1, { status: 401, body: { error: 'expired' } });
    stub.respond('/oauth/token', { status: 200, body: { access_token: 'oauth-access-token-2', expires_in: 3600 } });
    // The refused token is replaced within the step, which then succeeds.
    expect((await finished(weft, (await start(weft, plan, { i: 9 })).runId)).status).toBe('succeeded');
    expect(stub.calls('/api/items').at(-1)!.headers.authorization).toBe('Bearer oauth-access-token-2');
    expect((await finished(weft, (await start(weft, plan, { i: 10 })).runId)).status).toBe('succeeded');
    expect(stub.calls('/oauth/token')).toHaveLength(2);
    const text = JSON.stringify(await rows(weft, 'SELECT * FROM steps'));
    expect(text).not.toMatch(/oauth-access-token|client-secret-xyz/);
  });

  it('test connection reports reachable, refused credentials and unreachable', async () => {
    stub.respond('/', { status: 200, body: { hello: 'erp' } });
    await call('POST', '/api/connections', erp({ type: 'bearer', token: TOKEN }));
    const ok = await call('POST', '/api/connections/erp/test', {});
    expect(ok.body).toMatchObject({ ok: true, status: 200 });
    stub.respond('/', { status: 404, body: {} });
    expect((await call('POST', '/api/connections/erp/test', {})).body).toMatchObject({
      ok: true,
      status: 404,
      message: expect.stringMatching(/is reachable and did not refuse the credentials, but answered 404/),
    });
    stub.respond('/', { status: 401, body: {} });
    expect((await call('POST', '/api/connections/erp/test', {})).body).toMatchObject({
      ok: false,
      status: 401,
      message: expect.stringMatching(/refused the credentials/),
    });
    await call('POST', '/api/connections', {
      id: 'gone',
      name: 'Gone',
      baseUrl: 'http://127.0.0.1:1',
      auth: { type: 'none' },
    });
    expect((await call('POST', '/api/connections/gone/test', {})).body).toMatchObject({
      ok: false,
      status: null,
      message: expect.stringMatching(/ECONNREFUSED|failed/),
    });
  });
});

describe('rate limit per connection', () => {
  it('paces calls through a connection by its own limit, in arrival order, without using attempts', async () => {
    const clock = new ManualClock(Date.now());
    const w = await testWeft({ clock });
    const c = client(w);
    try {
      stub.respond('/limited', { status: 200, body: { ok: true } });
      const before = stub.calls('/limited').length;
      expect(
        (
          await c('POST', '/api/connections', {
            id: 'slow',
            name: 'Slow',
            baseUrl: stub.url,
            auth: { type: 'none' },
            // Short enough for the calls to wait their turn in the queue rather than be held.
            rateLimit: '2/10s',
          })
        ).status,
      ).toBe(201);
      const plan = await deploy(
        w,
        flow('paced', { in: n.manual(), out: n.http('/limited', { connection: 'slow' }) }, ['in>out']),
      );
      const slow = async () =>
        ((await c('GET', '/api/circuits')).body.rateLimits as { host: string; limit: number; waiting: number }[]).find(
          (l) => l.host === 'connection:slow',
        );
      // Each run's call arrives before the next run starts: two go out, the rest queue in that order.
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push((await start(w, plan, { i })).runId);
        if (i < 2) await until(() => stub.calls('/limited').length - before > i, `call ${i} within the first interval`);
        else await until(async () => (await slow())?.waiting === i - 1, `call ${i} to wait its turn`);
      }
      expect(await slow()).toMatchObject({ limit: 2, waiting: 3 });
      expect(stub.calls('/limited').length - before).toBe(2);
      await eventually(
        async () => {
          clock.advance(10_000);
          const runs = await Promise.all(ids.map((id) => w.store.runs.run(id)));
          return runs.every((r) => r!.status === 'succeeded');
        },
        'every paced run to succeed',
        10_000,
        2,
      );
      const order = stub
        .calls('/limited')
        .slice(before)
        .map((r) => JSON.parse(r.body).i);
      expect(order).toEqual([0, 1, 2, 3, 4]);
      for (const id of ids) expect((await w.store.runs.steps(id)).find((s) => s.nodeId === 'out')!.attempts).toBe(1);
    } finally {
      await w.close(0);
    }
  });
});
