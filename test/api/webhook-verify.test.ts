import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Weft } from '../../runtime/weft.ts';
import { testWeft, deploy } from '../support/weft.ts';
import { client } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';

const SHARED = 'whsec-3b8e0f6a1c2d';
const OLD = 'whsec-old-77aa01';
const KEY = randomBytes(32).toString('base64');
let weft: Weft;
let call: ReturnType<typeof client>;
const none = { authorization: '' };

beforeAll(async () => {
  weft = await testWeft();
  call = client(weft);
  await call('POST', '/api/connections', {
    id: 'crm-hook',
    name: 'CRM webhook secret',
    baseUrl: 'https://crm.example.com',
    auth: { type: 'api_key', key: SHARED },
  });
  await deploy(
    weft,
    flow(
      'signed',
      {
        hook: n.webhook('signed', {
          respond: 'immediately',
          verify: { scheme: 'hmac-sha256', secret: 'crm-hook', toleranceSeconds: 300 },
        }),
      },
      [],
    ),
  );
  await call('POST', '/api/connections', {
    id: 'crm-hook-old',
    name: 'CRM webhook secret (old)',
    baseUrl: 'https://crm.example.com',
    auth: { type: 'api_key', key: OLD },
  });
  await deploy(
    weft,
    flow(
      'rotating',
      {
        hook: n.webhook('rotating', {
          respond: 'immediately',
          verify: { scheme: 'hmac-sha256', secret: 'crm-hook', previousSecret: 'crm-hook-old' },
        }),
      },
      [],
    ),
  );
  await deploy(
    weft,
    flow(
      'text-only',
      {
        hook: n.webhook('text-only', {
          respond: 'immediately',
          accept: ['text/plain'],
          verify: { scheme: 'hmac-sha256', secret: 'crm-hook' },
        }),
      },
      [],
    ),
  );
  await deploy(
    weft,
    flow(
      'shared',
      {
        hook: n.webhook('shared', {
          respond: 'immediately',
          verify: { scheme: 'secret-header', secret: 'crm-hook', header: 'X-Hook-Secret' },
        }),
      },
      [],
    ),
  );
});
afterAll(() => weft.close(0));

const body = JSON.stringify({ opportunity: { id: 'OPP-1' } });
const sign = (ts: number, b = body, secret = SHARED) => createHmac('sha256', secret).update(`${ts}.${b}`).digest('hex');
const now = () => Math.floor(Date.now() / 1000);
const post = (path: string, headers: Record<string, string>, b = body) =>
  call('POST', `/hooks/${path}`, b, { ...none, 'content-type': 'application/json', ...headers });

describe('webhook caller verification', () => {
  it('accepts a correct HMAC signature (also with a sha256= prefix) and no user credentials', async () => {
    const ts = now();
    const first = await post('signed', { 'x-weft-signature': sign(ts), 'x-weft-timestamp': String(ts) });
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    expect(
      (await post('signed', { 'x-weft-signature': `sha256=${sign(ts - 1)}`, 'x-weft-timestamp': String(ts - 1) }))
        .status,
    ).toBe(202);
  });

  it('refuses a missing, wrong or replayed signature with 401 and says why; nothing is started', async () => {
    const runsBefore = (await weft.store.runQueries.list({ flowId: 'signed', limit: 100 })).length;
    const ts = now();
    const cases: [Record<string, string>, RegExp, string?][] = [
      [{}, /X-Weft-Signature header is missing/],
      [{ 'x-weft-signature': sign(ts) }, /X-Weft-Timestamp header must hold the signing time/],
      [
        { 'x-weft-signature': sign(ts, body, 'another-secret'), 'x-weft-timestamp': String(ts) },
        /signature does not match the body/,
      ],
      [
        { 'x-weft-signature': sign(ts), 'x-weft-timestamp': String(ts) },
        /signature does not match the body/,
        JSON.stringify({ opportunity: { id: 'OPP-2' } }),
      ],
      [{ 'x-weft-signature': sign(ts - 900), 'x-weft-timestamp': String(ts - 900) }, /refused as a possible replay/],
      [{ 'x-weft-signature': 'zz', 'x-weft-timestamp': String(ts) }, /signature does not match/],
    ];
    for (const [headers, message, b] of cases) {
      const res = await post('signed', headers, b);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.body.error.message).toMatch(message);
    }
    expect(await weft.store.runQueries.list({ flowId: 'signed', limit: 100 })).toHaveLength(runsBefore);
  });

  it('a shared-secret header must hold exactly the secret', async () => {
    expect((await post('shared', { 'x-hook-secret': SHARED })).status).toBe(202);
    expect((await post('shared', { 'x-hook-secret': SHARED.slice(0, -1) })).status).toBe(401);
    expect((await post('shared', { 'x-hook-secret': `${SHARED}x` })).status).toBe(401);
  });

  it('refuses the same signed request a second time (401) and starts one run only', async () => {
    const runsBefore = (await weft.store.runQueries.list({ flowId: 'signed', limit: 100 })).length;
    const ts = now();
    const once = JSON.stringify({ opportunity: { id: 'OPP-ONCE' } });
    const headers = { 'x-weft-signature': sign(ts, once), 'x-weft-timestamp': String(ts) };
    expect((await post('signed', headers, once)).status).toBe(202);
    const replay = await post('signed', headers, once);
    expect(replay.status).toBe(401);
    expect(replay.body.error.message).toMatch(/already accepted: refused as a replay/);
    // Prefixed, in upper case or next to another signature: still the same request.
    for (const sig of [`sha256=${sign(ts, once)}`, sign(ts, once).toUpperCase(), `deadbeef, ${sign(ts, once)}`])
      expect((await post('signed', { ...headers, 'x-weft-signature': sig }, once)).status).toBe(401);
    expect(await weft.store.runQueries.list({ flowId: 'signed', limit: 100 })).toHaveLength(runsBefore + 1);
  });

  it('forgets a request that started no run, so its sender can send it again', async () => {
    const ts = now();
    const headers = {
      'x-weft-signature': sign(ts),
      'x-weft-timestamp': String(ts),
      'content-type': 'application/json',
    };
    expect((await post('text-only', headers)).status).toBe(415);
    expect((await post('text-only', headers)).status).toBe(415);
    expect((await post('text-only', { ...headers, 'content-type': 'text/plain' })).status).toBe(202);
  });

  it('accepts several comma-separated signatures, and the previous secret while it is rotated out', async () => {
    const ts = now();
    const b = (id: string) => JSON.stringify({ opportunity: { id } });
    const both = `sha256=${sign(ts, b('R-1'), 'unknown-secret')}, sha256=${sign(ts, b('R-1'))}`;
    expect((await post('signed', { 'x-weft-signature': both, 'x-weft-timestamp': String(ts) }, b('R-1'))).status).toBe(
      202,
    );
    expect(
      (
        await post(
          'rotating',
          { 'x-weft-signature': sign(ts, b('R-2'), OLD), 'x-weft-timestamp': String(ts) },
          b('R-2'),
        )
      ).status,
    ).toBe(202);
    expect(
      (await post('rotating', { 'x-weft-signature': sign(ts, b('R-3')), 'x-weft-timestamp': String(ts) }, b('R-3')))
        .status,
    ).toBe(202);
    // A request accepted under the old secret is the same request under the new one.
    expect(
      (await post('rotating', { 'x-weft-signature': sign(ts, b('R-2')), 'x-weft-timestamp': String(ts) }, b('R-2')))
        .status,
    ).toBe(401);
    expect(
      (await post('signed', { 'x-weft-signature': sign(ts, b('R-4'), OLD), 'x-weft-timestamp': String(ts) }, b('R-4')))
        .status,
    ).toBe(401);
  });
});

describe('replays across processes', () => {
  it('refuses a replay after a restart and in a second process on the same data folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-replay-'));
    const open = async () => {
      const w = await testWeft({ config: { dataDir: dir, secretKey: KEY } });
      return { w, call: client(w) };
    };
    try {
      const a = await open();
      await a.call('POST', '/api/connections', {
        id: 'crm-hook',
        name: 'CRM webhook secret',
        baseUrl: 'https://crm.example.com',
        auth: { type: 'api_key', key: SHARED },
      });
      await deploy(
        a.w,
        flow(
          'signed',
          {
            hook: n.webhook('signed', {
              respond: 'immediately',
              verify: { scheme: 'hmac-sha256', secret: 'crm-hook' },
            }),
          },
          [],
        ),
      );
      const b = await open();
      const ts = now();
      const headers = {
        ...none,
        'content-type': 'application/json',
        'x-weft-signature': sign(ts),
        'x-weft-timestamp': String(ts),
      };
      expect((await a.call('POST', '/hooks/signed', body, headers)).status).toBe(202);
      expect((await b.call('POST', '/hooks/signed', body, headers)).status).toBe(401);
      await a.w.close(0);
      const c = await open();
      expect((await c.call('POST', '/hooks/signed', body, headers)).status).toBe(401);
      await Promise.all([b.w.close(0), c.w.close(0)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
