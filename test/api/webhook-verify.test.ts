import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createHmac } from 'node:crypto';
import type { Weft } from '../../runtime/weft.ts';
import { testWeft, deploy } from '../support/weft.ts';
import { client } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';

const SHARED = 'whsec-3b8e0f6a1c2d';
let weft: Weft;
let call: ReturnType<typeof client>;
const none = { authorization: '' };

beforeAll(async () => {
  weft = await testWeft();
  call = client(weft);
  await call('POST', '/api/connections', { id: 'crm-hook', name: 'CRM webhook secret', baseUrl: 'https://crm.example.com', auth: { type: 'api_key', key: SHARED } });
  deploy(weft, flow('signed', { hook: n.webhook('signed', { respond: 'immediately', verify: { scheme: 'hmac-sha256', secret: 'crm-hook', toleranceSeconds: 300 } }) }, []));
  deploy(weft, flow('shared', { hook: n.webhook('shared', { respond: 'immediately', verify: { scheme: 'secret-header', secret: 'crm-hook', header: 'X-Hook-Secret' } }) }, []));
});
afterAll(() => weft.close(0));

const body = JSON.stringify({ opportunity: { id: 'OPP-1' } });
const sign = (ts: number, b = body, secret = SHARED) => createHmac('sha256', secret).update(`${ts}.${b}`).digest('hex');
const now = () => Math.floor(Date.now() / 1000);
const post = (path: string, headers: Record<string, string>, b = body) => call('POST', `/hooks/${path}`, b, { ...none, 'content-type': 'application/json', ...headers });

describe('webhook caller verification', () => {
  it('accepts a correct HMAC signature (also with a sha256= prefix) and no user credentials', async () => {
    const ts = now();
    const first = await post('signed', { 'x-weft-signature': sign(ts), 'x-weft-timestamp': String(ts) });
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    expect((await post('signed', { 'x-weft-signature': `sha256=${sign(ts)}`, 'x-weft-timestamp': String(ts) })).status).toBe(202);
  });

  it('refuses a missing, wrong or replayed signature with 401 and says why; nothing is started', async () => {
    const runsBefore = weft.runQueries.list({ flowId: 'signed', limit: 100 }).length;
    const ts = now();
    const cases: [Record<string, string>, RegExp, string?][] = [
      [{}, /X-Weft-Signature header is missing/],
      [{ 'x-weft-signature': sign(ts) }, /X-Weft-Timestamp header must hold the signing time/],
      [{ 'x-weft-signature': sign(ts, body, 'another-secret'), 'x-weft-timestamp': String(ts) }, /signature does not match the body/],
      [{ 'x-weft-signature': sign(ts), 'x-weft-timestamp': String(ts) }, /signature does not match the body/, JSON.stringify({ opportunity: { id: 'OPP-2' } })],
      [{ 'x-weft-signature': sign(ts - 900), 'x-weft-timestamp': String(ts - 900) }, /refused as a possible replay/],
      [{ 'x-weft-signature': 'zz', 'x-weft-timestamp': String(ts) }, /signature does not match/],
    ];
    for (const [headers, message, b] of cases) {
      const res = await post('signed', headers, b);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.body.error.message).toMatch(message);
    }
    expect(weft.runQueries.list({ flowId: 'signed', limit: 100 })).toHaveLength(runsBefore);
  });

  it('a shared-secret header must hold exactly the secret', async () => {
    expect((await post('shared', { 'x-hook-secret': SHARED })).status).toBe(202);
    expect((await post('shared', { 'x-hook-secret': SHARED.slice(0, -1) })).status).toBe(401);
    expect((await post('shared', { 'x-hook-secret': `${SHARED}x` })).status).toBe(401);
  });
});
