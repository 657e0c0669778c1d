import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Weft } from '../weft.ts';
import { testWeft } from '../../test/support/weft.ts';
import { HttpStub } from '../../test/support/http-stub.ts';
import { until } from '../../test/support/poll.ts';
import { freshPostgres, postgresAvailable, type FreshPostgres } from '../../test/support/postgres.ts';

const available = (await postgresAvailable()) || !!process.env.CI;

/** Two runtimes on one PostgreSQL database: two processes of a cluster, told of changes by LISTEN/NOTIFY. */
describe.skipIf(!available)('circuits of a cluster', () => {
  let database: FreshPostgres;
  let a: Weft;
  let b: Weft;
  let stub: HttpStub;

  beforeAll(async () => {
    stub = await HttpStub.start();
    database = await freshPostgres({ migrated: true });
    const config = { databaseUrl: database.url, circuitFailures: 2, circuitCooldownMs: 60_000 };
    a = await testWeft({ config: { ...config, workerId: 'a' } });
    b = await testWeft({ config: { ...config, workerId: 'b' } });
  });
  afterAll(async () => {
    await a?.close(1000);
    await b?.close(1000);
    await database?.drop();
    await stub?.close();
  });

  const send = (w: Weft) => w.http.request({ method: 'POST', url: `${stub.url}/erp`, timeoutMs: 5000 });
  const circuitOf = (w: Weft) => w.guard?.status().circuits.find((c) => c.host === new URL(stub.url).host);

  it('opens on every process within a second of one finding the downstream failing; a process started later finds it open', async () => {
    stub.respond('/erp', { status: 503 });
    expect((await send(a)).status).toBe(503);
    expect((await send(a)).status).toBe(503);
    expect(circuitOf(a)?.state).toBe('open');

    await until(() => circuitOf(b)?.state === 'open', 'process b adopting the circuit a opened', 1000);
    await expect(send(b)).rejects.toMatchObject({ code: 'circuit_open' });
    expect(circuitOf(b)).toMatchObject({ consecutiveFailures: 2, lastError: expect.stringContaining('503') });

    const c = await testWeft({ config: { databaseUrl: database.url, workerId: 'c', circuitFailures: 2 } });
    try {
      expect(circuitOf(c)?.state).toBe('open');
      await expect(send(c)).rejects.toMatchObject({ code: 'circuit_open' });
    } finally {
      await c.close(1000);
    }
    expect(stub.calls('/erp')).toHaveLength(2);
  });

  it('counts the failures of every process together: the one reaching the threshold opens the circuit for all', async () => {
    const ledger = await HttpStub.start();
    try {
      ledger.respond('/post', { status: 503 });
      const host = new URL(ledger.url).host;
      const post = (w: Weft) => w.http.request({ method: 'POST', url: `${ledger.url}/post`, timeoutMs: 5000 });
      const circuit = (w: Weft) => w.guard?.status().circuits.find((c) => c.host === host);
      expect((await post(a)).status).toBe(503);
      await until(() => circuit(b)?.consecutiveFailures === 1, 'process b told of the first failure', 1000);
      expect((await post(b)).status).toBe(503);
      expect(circuit(b)?.state).toBe('open');
      await until(() => circuit(a)?.state === 'open', 'process a adopting the circuit b opened', 1000);
      await expect(post(a)).rejects.toMatchObject({ code: 'circuit_open' });
      expect(ledger.calls('/post')).toHaveLength(2);
    } finally {
      await ledger.close();
    }
  });

  it('holds the requests of every process to a host that answered 429 while its Retry-After lasts', async () => {
    const crm = await HttpStub.start();
    try {
      crm.respond('/sync', { status: 429, headers: { 'retry-after': '120' } });
      const host = new URL(crm.url).host;
      const sync = (w: Weft) => w.http.request({ method: 'POST', url: `${crm.url}/sync`, timeoutMs: 5000 });
      expect((await sync(a)).status).toBe(429);
      const pause = (w: Weft) => w.guard?.status().rateLimits.find((l) => l.host === host)?.pausedUntil;
      await until(() => pause(b), 'process b adopting the pause', 1000);
      expect(pause(b)).toBe(pause(a));
      await expect(sync(b)).rejects.toMatchObject({
        code: 'circuit_open',
        message: expect.stringContaining('asked to wait (429 Retry-After)'),
      });
      expect(crm.calls('/sync')).toHaveLength(1);
    } finally {
      await crm.close();
    }
  });
});
