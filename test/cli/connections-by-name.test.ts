import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningServer } from '../../runtime/server.ts';
import { ADMIN_TOKEN } from '../support/auth.ts';
import { weftCliAsync } from '../support/cli.ts';
import { flow, n } from '../support/flows.ts';
import { HttpStub } from '../support/http-stub.ts';
import { activateFlow, api } from '../support/runtime-process.ts';
import { servedWeft } from '../support/served-weft.ts';

// One flow file, two installations: each runs it against its own connection of the same name.
let test: RunningServer;
let prod: RunningServer;
let testErp: HttpStub;
let prodErp: HttpStub;
let dir: string;

const orders = () =>
  flow(
    'orders',
    {
      in: n.webhook('orders'),
      post: n.http('/orders', { connection: 'erp' }),
      out: n.respond(),
    },
    ['in>post', 'post>out'],
  );

async function erpConnection(server: RunningServer, stub: HttpStub, path: string, token: string) {
  const res = await api(server.url, 'POST', '/api/connections', {
    name: 'ERP',
    baseUrl: `${stub.url}/${path}`,
    auth: { type: 'bearer', token },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect((res.body as { id: string }).id).toBe('erp');
}

/** Each test runs the weft command several times, a few seconds each on a busy machine. */
const CLI_TIMEOUT = 240_000;

beforeAll(async () => {
  [test, prod, testErp, prodErp] = await Promise.all([servedWeft(), servedWeft(), HttpStub.start(), HttpStub.start()]);
  testErp.respond('/test-erp/orders', { status: 200, body: { answeredBy: 'test ERP' } });
  prodErp.respond('/prod-erp/orders', { status: 200, body: { answeredBy: 'production ERP' } });
  await erpConnection(test, testErp, 'test-erp', 'test-token-1234');
  await erpConnection(prod, prodErp, 'prod-erp', 'prod-token-5678');
  dir = mkdtempSync(join(tmpdir(), 'weft-connections-'));
}, 60_000);

afterAll(async () => {
  await Promise.all([test?.close(100), prod?.close(100), testErp?.close(), prodErp?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('flows name connections by name', () => {
  it(
    'the same exported flow file runs on two installations, each against its own connection "erp"',
    async () => {
      await activateFlow(test.url, orders());
      const exported = await weftCliAsync(['export', '--dir', dir, '--url', test.url], { WEFT_TOKEN: ADMIN_TOKEN });
      expect(exported.code, exported.out + exported.err).toBe(0);
      const files = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
      const text = files.join('\n');
      expect(text).not.toContain('test-token-1234');
      expect(text).not.toContain(testErp.url);
      expect(text).not.toContain('test-erp');
      expect(JSON.parse(readFileSync(join(dir, 'orders.json'), 'utf8')).nodes[1].config.connection).toBe('erp');

      const imported = await weftCliAsync(['import', '--dir', dir, '--url', prod.url, '--activate'], {
        WEFT_TOKEN: ADMIN_TOKEN,
      });
      expect(imported.code, imported.out + imported.err).toBe(0);
      expect(imported.out).not.toContain('! connection');

      for (const [server, stub, who, token] of [
        [test, testErp, 'test ERP', 'test-token-1234'],
        [prod, prodErp, 'production ERP', 'prod-token-5678'],
      ] as const) {
        const res = await fetch(`${server.url}/hooks/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ orderId: 'O-1' }),
        });
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ answeredBy: who });
        const [call] = stub.requests;
        expect(stub.requests).toHaveLength(1);
        expect(call!.path).toBe(stub === testErp ? '/test-erp/orders' : '/prod-erp/orders');
        expect(call!.headers.authorization).toBe(`Bearer ${token}`);
        expect(JSON.parse(call!.body)).toEqual({ orderId: 'O-1' });
      }
    },
    CLI_TIMEOUT,
  );
});
