import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Weft } from '../../runtime/weft.ts';
import { client } from '../support/api.ts';
import { deploy, finished, TEST_STORE, testWeft } from '../support/weft.ts';
import { count } from '../support/rows.ts';
import { READ_ONLY_CODE, readOnly } from '../support/refuse-writes.ts';
import { flow, n } from '../support/flows.ts';
import { HttpStub } from '../support/http-stub.ts';
import { bounded } from '../support/poll.ts';

/**
 * GET /readyz on a real runtime: ready when healthy; not ready while it drains for a shutdown and
 * while its database refuses writes, with webhooks refused (503, Retry-After) for as long as it lasts.
 */
const NOBODY = { authorization: '' };
let dir: string;
const wefts: Weft[] = [];
const closed = new Set<Weft>();
/** What a commit survives on the database the tests run on (a file in WAL mode, or the test server). */
const STORE =
  TEST_STORE === 'postgres' ? { dialect: 'postgres', synchronous: 'on' } : { dialect: 'sqlite', synchronous: 'full' };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'weft-ready-'));
});
afterEach(async () => {
  for (const w of wefts.splice(0)) if (!closed.has(w)) await w.close(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runtime(name: string): Promise<Weft> {
  const weft = await testWeft(TEST_STORE === 'postgres' ? {} : { config: { dataDir: join(dir, name) } });
  wefts.push(weft);
  return weft;
}

const selfId = async (weft: Weft) => (await weft.engine.workers()).find((w) => w.self)!.id;
const runCount = (weft: Weft) => count(weft, 'runs');

describe('GET /readyz', () => {
  it('answers 200 with the store, the worker and draining=false on a healthy runtime, without a sign-in', async () => {
    const weft = await runtime('healthy');
    const res = await client(weft)('GET', '/readyz', undefined, NOBODY);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ready',
      store: STORE,
      worker: await selfId(weft),
      draining: false,
    });
  });

  it('answers 503 while the database refuses writes, refuses webhooks meanwhile, and recovers without a restart', async () => {
    const weft = await runtime('read-only');
    const call = client(weft);
    await deploy(weft, flow('orders', { in: n.webhook('orders', { respond: 'immediately' }) }, []));
    const hook = () => call('POST', '/hooks/orders', { id: 1 }, NOBODY);
    expect((await hook()).status).toBe(202);
    const before = await runCount(weft);

    // The runtime's database stops writing: every write fails as read-only.
    await readOnly(weft, true);
    const first = await hook();
    expect(first.status, JSON.stringify(first.body)).toBe(503);
    expect(first.headers.get('retry-after')).toBe('5');
    expect(first.body.error).toMatchObject({
      code: 'store_unavailable',
      details: { store: { code: READ_ONLY_CODE[TEST_STORE] } },
    });

    const ready = await call('GET', '/readyz', undefined, NOBODY);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toBe('5');
    expect(ready.body).toMatchObject({
      status: 'not_ready',
      draining: false,
      worker: await selfId(weft),
      reason: { code: 'store_unavailable', store: { code: READ_ONLY_CODE[TEST_STORE] } },
    });
    const again = await hook();
    expect([again.status, again.headers.get('retry-after'), again.body.error.code]).toEqual([
      503,
      '5',
      'store_unavailable',
    ]);
    expect(await runCount(weft)).toBe(before);

    // The cause goes away: the next look writes, and the same process takes webhooks again.
    await readOnly(weft, false);
    const accepted = await hook();
    expect(accepted.status).toBe(202);
    await finished(weft, accepted.body.runId);
    expect(await runCount(weft)).toBe(before + 1);
    expect((await call('GET', '/readyz', undefined, NOBODY)).body).toMatchObject({ status: 'ready' });
  });

  it('a failing store found by /readyz first is also ready again once it takes writes', async () => {
    const weft = await runtime('probe-first');
    const call = client(weft);
    await readOnly(weft, true);
    // Nothing has been written yet: the read works and the store is not known to fail.
    expect((await call('GET', '/readyz', undefined, NOBODY)).status).toBe(200);
    // The next write the runtime commits is refused.
    const self = (await weft.engine.workers()).find((w) => w.self)!;
    await expect(weft.store.write((tx) => tx.leases.renew(self.id, self.expiresAt, Date.now()))).rejects.toMatchObject({
      code: READ_ONLY_CODE[TEST_STORE],
    });
    expect((await call('GET', '/readyz', undefined, NOBODY)).body.reason.code).toBe('store_unavailable');
    await readOnly(weft, false);
    expect((await call('GET', '/readyz', undefined, NOBODY)).status).toBe(200);
  });

  it('answers 503 while the runtime drains for a shutdown, and webhooks are refused with Retry-After', async () => {
    const stub = await HttpStub.start();
    try {
      stub.respond('/slow', 'hold');
      const weft = await runtime('draining');
      const call = client(weft);
      await deploy(
        weft,
        flow('slow', { in: n.webhook('slow', { respond: 'immediately' }), out: n.http(`${stub.url}/slow`) }, [
          'in>out',
        ]),
      );
      const started = await call('POST', '/hooks/slow', { id: 1 }, NOBODY);
      expect(started.status).toBe(202);
      await stub.waitForCalls('/slow', 1);

      // A step is in flight: the shutdown waits for it within its grace.
      const closing = weft.close(60_000);
      closed.add(weft);
      const ready = await call('GET', '/readyz', undefined, NOBODY);
      expect(ready.status).toBe(503);
      expect(ready.headers.get('retry-after')).toBe('5');
      expect(ready.body).toMatchObject({
        status: 'not_ready',
        draining: true,
        reason: { code: 'shutting_down' },
        store: STORE,
      });
      const refused = await call('POST', '/hooks/slow', { id: 2 }, NOBODY);
      expect([refused.status, refused.headers.get('retry-after'), refused.body.error.code]).toEqual([
        503,
        '5',
        'shutting_down',
      ]);
      expect(stub.release('/slow', { status: 200 })).toBe(1);
      await bounded(closing, 10_000, 'the shutdown to finish once the step in flight is answered');
    } finally {
      await stub.close();
    }
  });
});
