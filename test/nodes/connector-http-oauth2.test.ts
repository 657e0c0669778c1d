import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from 'vitest';
import { createServer, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Weft } from '../../runtime/weft.ts';
import { testWeft, deploy, start, finished, stepRows } from '../support/weft.ts';
import { flow, n } from '../support/flows.ts';

/**
 * A token endpoint and an API on loopback. The API accepts only the newest token the endpoint issued
 * (or none, after `revoke`), the way a provider that rotates tokens does.
 */
const provider = {
  issued: 0,
  current: null as string | null,
  tokenCalls: 0,
  apiCalls: [] as string[],
  /** The API refuses every token (as for a client without the scope it needs). */
  refuseAll: false,
  /** 401 answers held until this many are waiting, so that the refusals arrive together. */
  holdRefusals: 0,
  held: [] as ServerResponse[],
  /** Set when held refusals had to be answered before enough were waiting. */
  gaveUpHolding: false,
  revoke() {
    this.current = null;
  },
  refuseHeld() {
    this.holdRefusals = 0;
    for (const r of this.held.splice(0)) r.writeHead(401).end('{"error":"invalid_token"}');
  },
};

let server: Server;
let base: string;
let weft: Weft;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/oauth/token') {
        provider.tokenCalls++;
        provider.current = `rotating-token-${++provider.issued}`;
        return res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ access_token: provider.current, expires_in: 3600 }));
      }
      const auth = req.headers.authorization ?? '';
      provider.apiCalls.push(auth);
      if (!provider.refuseAll && provider.current !== null && auth === `Bearer ${provider.current}`)
        return res.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[]}');
      if (provider.holdRefusals === 0)
        return res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_token"}');
      provider.held.push(res);
      if (provider.held.length === 1)
        setTimeout(() => {
          if (provider.held.length === 0) return;
          provider.gaveUpHolding = true;
          provider.refuseHeld();
        }, 3000);
      if (provider.held.length >= provider.holdRefusals) provider.refuseHeld();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(async () => {
  Object.assign(provider, {
    issued: 0,
    current: null,
    tokenCalls: 0,
    apiCalls: [],
    refuseAll: false,
    holdRefusals: 0,
    held: [],
    gaveUpHolding: false,
  });
  weft = await testWeft();
  await weft.connections.create(
    {
      id: 'billing',
      name: 'Billing',
      baseUrl: base,
      auth: {
        type: 'oauth2_client_credentials',
        tokenUrl: `${base}/oauth/token`,
        clientId: 'weft',
        clientSecret: 'client-secret-rotating',
      },
    },
    null,
  );
});

afterEach(async () => {
  await weft.close(0);
});

const items = () =>
  flow(
    'items',
    { in: n.manual(), get: n.http('/api/items', { connection: 'billing', method: 'GET', body: undefined }) },
    ['in>get'],
  );

describe('connector.http with OAuth2 client credentials against a provider that rotates tokens', () => {
  it('replaces a cached token the API refuses (401) and sends the call once more, in the same attempt', async () => {
    const plan = await deploy(weft, items());
    expect((await finished(weft, (await start(weft, plan, {})).runId)).status).toBe('succeeded');
    expect(provider.tokenCalls).toBe(1);

    provider.revoke();
    const { runId } = await start(weft, plan, {});
    const run = await finished(weft, runId);
    expect(run.status, run.error ?? '').toBe('succeeded');
    expect((await stepRows(weft, runId)).get).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(provider.tokenCalls).toBe(2);
    expect(provider.apiCalls.slice(-2)).toEqual(['Bearer rotating-token-1', 'Bearer rotating-token-2']);
  });

  it('gets one new token however many calls saw the old one refused at the same time', async () => {
    const plan = await deploy(weft, items());
    await finished(weft, (await start(weft, plan, {})).runId);
    provider.revoke();
    provider.holdRefusals = 3;
    const runIds = await Promise.all([1, 2, 3].map(async (i) => (await start(weft, plan, { i })).runId));
    for (const id of runIds) expect((await finished(weft, id)).status).toBe('succeeded');
    expect(provider.gaveUpHolding, 'the three calls should have been refused together').toBe(false);
    expect(provider.tokenCalls).toBe(2);
  });

  it('tries a new token only once: an API that refuses every token fails the step as a 401, not retried', async () => {
    const plan = await deploy(weft, items());
    provider.refuseAll = true;
    const { runId } = await start(weft, plan, {});
    const run = await finished(weft, runId);
    expect(run.status).toBe('failed');
    expect(JSON.parse(run.error!)).toMatchObject({
      code: 'http_client_error',
      retryable: false,
      details: { status: 401 },
    });
    expect(provider.tokenCalls).toBe(2);
    expect(provider.apiCalls).toEqual(['Bearer rotating-token-1', 'Bearer rotating-token-2']);
  });
});
