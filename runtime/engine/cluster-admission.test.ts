import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Weft } from '../weft.ts';
import { testWeft, deploy, start } from '../../test/support/weft.ts';
import { flow, n } from '../../test/support/flows.ts';
import { until } from '../../test/support/poll.ts';
import { SlowPeer } from '../../test/support/slow-peer.ts';
import { freshPostgres, postgresAvailable, type FreshPostgres } from '../../test/support/postgres.ts';

const available = (await postgresAvailable()) || !!process.env.CI;

/** Two runtimes on one PostgreSQL database: two processes of a cluster (each with its own pool and engine). */
describe.skipIf(!available)('admission across the processes of a cluster', () => {
  let database: FreshPostgres;
  let a: Weft;
  let b: Weft;
  let peer: SlowPeer;

  beforeAll(async () => {
    peer = await new SlowPeer().start();
    database = await freshPostgres({ migrated: true });
    a = await testWeft({ config: { databaseUrl: database.url, workerId: 'a' } });
    b = await testWeft({ config: { databaseUrl: database.url, workerId: 'b' } });
  });
  afterAll(async () => {
    await a?.close(1000);
    await b?.close(1000);
    await database?.drop();
    await peer?.close();
  });

  const statuses = async (ids: string[]) =>
    (await Promise.all(ids.map((id) => a.store.runs.run(id)))).map((r) => r?.status ?? 'missing');

  it('an ordering key holds across processes: per key, runs accepted by either process execute one at a time, in arrival order', async () => {
    const plan = await deploy(a, {
      ...flow('ordered', { in: n.manual(), pre: n.http(`${peer.url}/pre`), send: n.http(`${peer.url}/post`) }, [
        'in>pre',
        'pre>send',
      ]),
      settings: { orderingKey: 'key' },
    });
    const ids: string[] = [];
    for (let seq = 0; seq < 200; seq++) {
      const weft = seq % 2 ? b : a;
      // Each key's runs alternate between the two processes.
      ids.push((await start(weft, plan, { key: `K${Math.floor(seq / 2) % 10}`, seq })).runId);
    }
    await until(async () => (await statuses(ids)).every((s) => s !== 'running'), 'all 200 runs to finish', 60_000);
    expect((await statuses(ids)).filter((s) => s !== 'succeeded')).toEqual([]);
    expect(peer.received).toHaveLength(200);
    const perKey = new Map<string, number[]>();
    for (const r of peer.received) perKey.set(r.key, [...(perKey.get(r.key) ?? []), r.seq]);
    expect(perKey.size).toBe(10);
    for (const [key, seqs] of perKey) expect(seqs, `order of ${key}`).toEqual([...seqs].sort((x, y) => x - y));
    expect(peer.maxInFlight, 'different keys ran side by side').toBeGreaterThan(1);
  }, 90_000);

  it("a flow's concurrency limit counts the runs of every process", async () => {
    peer.maxInFlight = 0;
    const plan = await deploy(a, {
      ...flow('capped', { in: n.manual(), send: n.http(`${peer.url}/slow`) }, ['in>send']),
      settings: { concurrency: 2 },
    });
    const started = await Promise.all(
      Array.from({ length: 40 }, (_, seq) => start(seq % 2 ? b : a, plan, { key: 'c', seq })),
    );
    const ids = started.map((r) => r.runId);
    await until(async () => (await statuses(ids)).every((s) => s === 'succeeded'), 'the capped runs to finish', 30_000);
    expect(peer.maxInFlight).toBeLessThanOrEqual(2);
    expect(a.engine.waitingRuns('capped') + b.engine.waitingRuns('capped')).toBe(0);
  }, 60_000);
});
