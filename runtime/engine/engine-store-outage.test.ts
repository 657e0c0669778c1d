import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { Weft } from '../weft.ts';
import type { PostgresStore } from '../store/postgres/postgres-store.ts';
import { ManualClock } from './clock.ts';
import { flow, n } from '../../test/support/flows.ts';
import { until } from '../../test/support/poll.ts';
import { readOnly } from '../../test/support/refuse-writes.ts';
import { deploy, finished, start, stepReaches, stepRows, TEST_STORE, testWeft } from '../../test/support/weft.ts';
import { postgresAdminUrl } from '../../test/support/postgres.ts';

/**
 * A step whose commit fails because the database cannot be used at all (unreachable, connections cut,
 * read-only, disk full) is not the step's fault: its run is kept, unfinished, and resumes from its last
 * committed step once the database answers again. Only a write the database refuses for itself fails
 * the run with commit_failed (engine-refused-writes.test.ts).
 */
const LEASE_MS = 60_000;
const DELAY_MS = 1000;
/** How often the retry scheduler looks for due steps at the latest (retry-scheduler.ts). */
const SCHEDULER_POLL_MS = 5000;
const opened: Weft[] = [];
let dir = '';
afterEach(async () => {
  for (const w of opened.splice(0)) await w.close(10).catch(() => undefined);
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

async function open(clock: ManualClock, dataDir?: string): Promise<Weft> {
  const w = await testWeft({ clock, config: { leaseMs: LEASE_MS, ...(dataDir ? { dataDir } : {}) } });
  opened.push(w);
  return w;
}

/** A run that waits DELAY_MS (on the manual clock) before its last step: its wait's commit is the one cut off. */
const delayed = flow(
  'outage-delay',
  { in: n.manual(), wait: { type: 'control.delay', config: { forMs: DELAY_MS } }, after: n.map("{ 'sent': id }") },
  ['in>wait', 'wait>after'],
);

/** Starts a run and waits until its delay is committed as waiting. */
async function waitingRun(weft: Weft): Promise<string> {
  const plan = await deploy(weft, delayed);
  const { runId } = await start(weft, plan, { id: 'R-1' });
  await stepReaches(weft, runId, 'wait', (s) => s.status === 'waiting', 'the delay to wait');
  // The commit is read before the engine has taken its answer (and set the delay's timer): wait for that too.
  await until(() => !weft.engine.stepsInFlight(runId).includes('wait'), 'the engine to hold the delay');
  return runId;
}

/** The run is let go in memory while its row stays as last committed: running, with no row of its last step. */
async function expectKept(weft: Weft, runId: string): Promise<void> {
  await until(() => !weft.engine.isActive(runId), 'the run to be let go while its commit could not be made');
  const row = (await weft.store.runs.run(runId))!;
  expect(row.status, `run ended ${row.status}: ${row.error}`).toBe('running');
  const steps = await stepRows(weft, runId);
  expect(Object.values(steps).filter((s) => s.status === 'failed')).toEqual([]);
  expect(steps.after).toBeUndefined();
}

/**
 * The next renewal of the lease (a third of it) finds the database writing again, and the run is
 * resumed (or has already finished); the retry scheduler's next look (within its poll, on the manual
 * clock) starts a delay that is due.
 */
async function renewAndResume(clock: ManualClock, weft: Weft, runId: string): Promise<void> {
  await clock.advanceSettled(LEASE_MS / 3 + 1);
  await until(
    async () => weft.engine.isActive(runId) || (await weft.store.runs.run(runId))?.status !== 'running',
    'the run to be resumed at the lease renewal',
  );
  await clock.advanceSettled(SCHEDULER_POLL_MS);
}

/** The delay's result was not committed: it still waits. */
async function expectStillWaiting(weft: Weft, runId: string): Promise<void> {
  expect((await stepRows(weft, runId)).wait).toMatchObject({ status: 'waiting' });
}

async function expectSucceeded(weft: Weft, runId: string): Promise<void> {
  const row = await finished(weft, runId);
  expect(row.status, `run ended ${row.status}: ${row.error}`).toBe('succeeded');
  const steps = await stepRows(weft, runId);
  expect(Object.values(steps).map((s) => `${s.nodeId}:${s.status}`)).toEqual(
    expect.arrayContaining(['in:succeeded', 'wait:succeeded', 'after:succeeded']),
  );
  expect(steps.after.output).toBe(JSON.stringify({ sent: 'R-1' }));
}

describe('engine: a step commit while the database cannot be used', () => {
  it('keeps the run when the database refuses every write, and resumes it from its last committed step at the next lease renewal once it writes again', async () => {
    const clock = new ManualClock();
    const weft = await open(clock);
    const runId = await waitingRun(weft);

    await readOnly(weft, true);
    // The delay comes due: its result cannot be committed.
    await clock.advanceSettled(DELAY_MS);
    await expectKept(weft, runId);
    await expectStillWaiting(weft, runId);

    await readOnly(weft, false);
    // No lease has to run out: this worker's next renewal finds the database writing again.
    await renewAndResume(clock, weft, runId);
    await expectSucceeded(weft, runId);
    // Another connection may read the end before this engine has heard that its commit went through.
    await until(() => !weft.engine.isActive(runId), 'the run to leave the engine once its end is stored');
  });

  it('keeps the ordering key of a run waiting for the database: the next run with that key waits until it has finished', async () => {
    const clock = new ManualClock();
    const weft = await open(clock);
    const plan = await deploy(weft, { ...delayed, id: 'outage-ordered', settings: { orderingKey: 'key' } });
    const first = await start(weft, plan, { id: 'R-1', key: 'K' });
    await stepReaches(weft, first.runId, 'wait', (s) => s.status === 'waiting', 'the first delay to wait');
    const second = await start(weft, plan, { id: 'R-2', key: 'K' });
    expect(weft.engine.waitingRuns('outage-ordered')).toBe(1);

    await readOnly(weft, true);
    await clock.advanceSettled(DELAY_MS);
    await expectKept(weft, first.runId);
    expect(weft.engine.waitingRuns('outage-ordered'), 'runs waiting for the key while its holder waits').toBe(1);

    await readOnly(weft, false);
    await renewAndResume(clock, weft, first.runId);
    await expectSucceeded(weft, first.runId);
    await stepReaches(weft, second.runId, 'wait', (s) => s.status === 'waiting', 'the second run to get its turn');
  });

  it('leaves the run to the next start when the database does not write again before the process stops', async () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-outage-'));
    const clock = new ManualClock();
    const first = await open(clock, dir);
    const runId = await waitingRun(first);

    await readOnly(first, true);
    await clock.advanceSettled(DELAY_MS);
    await expectKept(first, runId);
    await expectStillWaiting(first, runId);
    // Writable again only for the next process (SQLite: a new connection; PostgreSQL: the database's default).
    if (TEST_STORE === 'postgres') await readOnly(first, false);
    await first.close(10);
    opened.splice(opened.indexOf(first), 1);

    const second = await open(clock, dir);
    // A first process that could not give its lease up (SQLite refused the write) holds the run until that lease runs out.
    await clock.advanceSettled(LEASE_MS + 1);
    await expectSucceeded(second, runId);
  });
});

describe.skipIf(TEST_STORE !== 'postgres')('engine: a step commit whose PostgreSQL connection is cut', () => {
  it('keeps the run (no commit_failed) when the connection of its commit is terminated, and resumes it once the database answers', async () => {
    const clock = new ManualClock();
    const weft = await open(clock);
    const runId = await waitingRun(weft);
    const store = weft.store as PostgresStore;
    const database = new URL(store.pool.options.connectionString!).pathname.slice(1);

    // A transaction of another client holds the run's row, so the commit of the delay's result waits on it.
    const locker = new pg.Client({ connectionString: store.pool.options.connectionString });
    const admin = new pg.Client({ connectionString: postgresAdminUrl });
    await locker.connect();
    await admin.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT id FROM runs WHERE id = $1 FOR UPDATE', [runId]);
      clock.advance(DELAY_MS);
      const blocked = await until(
        async () =>
          (
            await admin.query<{ pid: number }>(
              `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`,
              [database],
            )
          ).rows[0]?.pid,
        'the commit of the delay to wait for the row',
      );
      // The server ends the session of that commit, as a restart or a network cut would; the database
      // itself answers at once.
      await admin.query('SELECT pg_terminate_backend($1)', [blocked]);
      await locker.query('ROLLBACK');
    } finally {
      await locker.end();
      await admin.end();
    }
    await expectKept(weft, runId);

    await renewAndResume(clock, weft, runId);
    await expectSucceeded(weft, runId);
  });
});
