import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sharedStoreDialects, type Opened } from '../../test/support/store-dialects.ts';
import { until } from '../../test/support/poll.ts';
import type { Store } from './ports.ts';
import type { PostgresStore } from './postgres/postgres-store.ts';
import { RunTakenOver, type NewStep } from './run-store.ts';
import { newRun as runRow } from '../../test/support/new-run.ts';

const T0 = Date.UTC(2026, 2, 1);
const LEASE = { startedAt: T0, expiresAt: T0 + 1000 };

const step = (runId: string, nodeId: string, output: string): NewStep => ({
  runId,
  nodeId,
  status: 'succeeded',
  port: 'out',
  attempts: 1,
  output,
  startedAt: T0,
  finishedAt: T0,
});

/**
 * The fence of a run's writes (RunStore.fence): a worker writes a run's steps and end only while it
 * holds the run (runs.owner). Two processes' stores on one database: worker A's and worker B's.
 */
describe.each(sharedStoreDialects)('$name: the writes of a run are fenced by its owner', (d) => {
  let inst: Opened<[Store, Store]>;
  let a: Store;
  let b: Store;

  beforeAll(async () => {
    if (d.skip) return;
    inst = await d.open();
    [a, b] = inst.sql;
    await a.leases.register({ id: 'worker-a', host: 'h', pid: 1, ...LEASE });
    await b.leases.register({ id: 'worker-b', host: 'h', pid: 2, ...LEASE });
  });
  afterAll(() => inst?.close());

  async function newRun(id: string): Promise<void> {
    await a.write((tx) => tx.runs.insertRun(runRow(id, T0, { trigger: '{"body":null}', owner: 'worker-a' })));
  }

  it.skipIf(d.skip)(
    'refuses the whole write of a worker that no longer holds the run; the others of its batch commit',
    async () => {
      await newRun('run_f1');
      await newRun('run_f2');
      await a.write(async (tx) => {
        await tx.runs.fence('run_f1', 'worker-a');
        await tx.runs.upsertStep(step('run_f1', 'in', '"from a"'));
      });
      // A's lease runs out; B takes run_f1 over.
      expect(await b.leases.claim('run_f1', 'worker-b', T0 + 2000)).toBe(true);

      const [late, other] = await Promise.allSettled([
        a.write(async (tx) => {
          await tx.runs.fence('run_f1', 'worker-a');
          await tx.runs.upsertStep(step('run_f1', 'in', '"late from a"'));
          await tx.runs.finishRun('run_f1', 'succeeded', null, null, T0 + 3000);
        }),
        a.write(async (tx) => {
          await tx.runs.fence('run_f2', 'worker-a');
          await tx.runs.upsertStep(step('run_f2', 'in', '"from a"'));
        }),
      ]);
      expect(late.status === 'rejected' && late.reason).toBeInstanceOf(RunTakenOver);
      expect(late.status === 'rejected' && late.reason).toMatchObject({ code: 'run_leased', runId: 'run_f1' });
      expect(other.status).toBe('fulfilled');
      expect((await b.runs.steps('run_f1')).map((s) => s.output)).toEqual(['"from a"']);
      expect(await b.runs.run('run_f1')).toMatchObject({ status: 'running', owner: 'worker-b', finishedAt: null });
      expect((await b.runs.steps('run_f2')).map((s) => s.output)).toEqual(['"from a"']);
      // B, which holds it now, writes it.
      await b.write(async (tx) => {
        await tx.runs.fence('run_f1', 'worker-b');
        await tx.runs.finishRun('run_f1', 'succeeded', null, null, T0 + 3000);
      });
      expect(await b.runs.run('run_f1')).toMatchObject({ status: 'succeeded', owner: 'worker-b' });
    },
  );

  it.skipIf(d.skip)('refuses a worker whose run another worker took over through the same connection', async () => {
    await newRun('run_f4');
    await a.write((tx) => tx.runs.fence('run_f4', 'worker-a'));
    // Both workers on store A's connection: the claim changes the owner where no other connection commits.
    await a.leases.register({ id: 'worker-c', host: 'h', pid: 3, ...LEASE, expiresAt: T0 + 10_000 });
    expect(await a.leases.claim('run_f4', 'worker-c', T0 + 2000)).toBe(true);
    await expect(a.write((tx) => tx.runs.fence('run_f4', 'worker-a'))).rejects.toBeInstanceOf(RunTakenOver);
    await a.write((tx) => tx.runs.fence('run_f4', 'worker-c'));
  });

  it.skipIf(d.skip || d.name !== 'PostgreSQL')(
    'a claim made while the owner’s fenced write is open waits for it, and the new owner sees what it wrote',
    async () => {
      await newRun('run_f3');
      let commit!: () => void;
      const held = new Promise<void>((resolve) => (commit = resolve));
      let fenced!: () => void;
      const inside = new Promise<void>((resolve) => (fenced = resolve));
      const writing = a.write(async (tx) => {
        await tx.runs.fence('run_f3', 'worker-a');
        await tx.runs.upsertStep(step('run_f3', 'in', '"from a"'));
        // A read sends what the write holds back (batched-transaction.ts): the fence is at the server now.
        await tx.runs.run('run_f3');
        fenced();
        await held;
      });
      await inside;
      const claim = b.leases.claim('run_f3', 'worker-b', T0 + 2000);
      // The claim waits for the row A's open write holds.
      const pool = (b as PostgresStore).pool;
      const admin = new pg.Client({ connectionString: pool.options.connectionString });
      await admin.connect();
      try {
        await until(
          async () =>
            (
              await admin.query(
                `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
                 AND query LIKE 'UPDATE runs SET owner%'`,
              )
            ).rowCount === 1,
          'the claim to wait for the fenced write',
        );
      } finally {
        await admin.end();
      }
      commit();
      await writing;
      expect(await claim).toBe(true);
      expect((await b.runs.steps('run_f3')).map((s) => s.output)).toEqual(['"from a"']);
      await expect(a.write((tx) => tx.runs.fence('run_f3', 'worker-a'))).rejects.toBeInstanceOf(RunTakenOver);
    },
  );
});
