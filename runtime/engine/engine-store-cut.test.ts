import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { Weft } from '../weft.ts';
import type { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { PostgresStore } from '../store/postgres/postgres-store.ts';
import { ManualClock } from './clock.ts';
import { flow, n } from '../../test/support/flows.ts';
import { until } from '../../test/support/poll.ts';
import { postgresAdminUrl } from '../../test/support/postgres.ts';
import { deploy, finished, start, stepReaches, stepRows, TEST_STORE, testWeft } from '../../test/support/weft.ts';

/**
 * A database that cannot be used for a moment is never a run's fault, on either dialect: a run whose
 * loading is cut off when another worker takes it over is not failed (PostgreSQL), and a step whose commit
 * finds the database locked by another process past the busy timeout (SQLite) waits for the database and
 * goes on at the next lease renewal.
 */
const DELAY_MS = 5000;
/** How often the retry scheduler looks for due steps at the latest (retry-scheduler.ts). */
const SCHEDULER_POLL_MS = 5000;
const opened: Weft[] = [];
let dir = '';
afterEach(async () => {
  for (const w of opened.splice(0)) await w.close(0).catch(() => undefined);
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

async function worker(clock: ManualClock, leaseMs: number, workerId?: string): Promise<Weft> {
  const w = await testWeft({ clock, config: { dataDir: dir, workerId, leaseMs } });
  opened.push(w);
  return w;
}

const delayed = flow(
  'cut-delay',
  { in: n.manual(), wait: { type: 'control.delay', config: { forMs: DELAY_MS } }, after: n.map("{ 'sent': id }") },
  ['in>wait', 'wait>after'],
);

async function waitingRun(weft: Weft): Promise<string> {
  const plan = await deploy(weft, delayed);
  const { runId } = await start(weft, plan, { id: 'R-1' });
  await stepReaches(weft, runId, 'wait', (s) => s.status === 'waiting', 'the delay to wait');
  await until(() => !weft.engine.stepsInFlight(runId).includes('wait'), 'the engine to hold the delay');
  return runId;
}

async function expectSucceeded(weft: Weft, runId: string): Promise<void> {
  const row = await finished(weft, runId);
  expect(row.status, `run ended ${row.status}: ${row.error}`).toBe('succeeded');
  expect((await stepRows(weft, runId)).after.output).toBe(JSON.stringify({ sent: 'R-1' }));
}

describe.skipIf(TEST_STORE !== 'postgres')('engine: a run taken over while the connection loading it is cut', () => {
  it('is not failed: the worker that claimed it loads it again at a later renewal and finishes it', async () => {
    const LEASE_MS = 1000;
    dir = mkdtempSync(join(tmpdir(), 'weft-cut-'));
    // A's clock stands still, so A stops renewing its lease and B takes its run over.
    const clockA = new ManualClock();
    const clockB = new ManualClock();
    const a = await worker(clockA, LEASE_MS, 'worker-a');
    const runId = await waitingRun(a);
    const b = await worker(clockB, LEASE_MS, 'worker-b');
    const url = (b.store as PostgresStore).pool.options.connectionString!;
    const database = new URL(url).pathname.slice(1);

    // Another session holds the steps table, so B's reads of the run's steps wait; then the server ends
    // the sessions waiting (as a failover or an operator would), and lets the table go.
    const locker = new pg.Client({ connectionString: url });
    const admin = new pg.Client({ connectionString: postgresAdminUrl });
    await locker.connect();
    await admin.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE steps IN ACCESS EXCLUSIVE MODE');
      clockB.advance(LEASE_MS + LEASE_MS / 2);
      await until(async () => (await b.store.runs.run(runId))?.owner === 'worker-b', 'worker B to claim the run');
      const waiting = await until(
        async () =>
          (
            await admin.query<{ pid: number }>(
              `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND query ILIKE '%steps%'`,
              [database],
            )
          ).rows.map((r) => r.pid),
        'worker B to wait for the steps of the run it claimed',
      );
      await admin.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [waiting]);
      await locker.query('ROLLBACK');
    } finally {
      await locker.end();
      await admin.end();
    }

    // The run stays B's in the store, running; B's renewals pick it up again (it has not changed for a lease period).
    await until(async () => {
      const row = await b.store.runs.run(runId);
      if (row?.status !== 'running') throw new Error(`the run ended ${row?.status}: ${row?.error}`);
      if (!b.engine.isActive(runId)) await clockB.advanceSettled(LEASE_MS / 3 + 1);
      return b.engine.isActive(runId);
    }, 'worker B to load the run again at a renewal');
    expect((await b.store.runs.run(runId))!.status).toBe('running');
    await clockB.advanceSettled(DELAY_MS + SCHEDULER_POLL_MS);
    await expectSucceeded(b, runId);
  });
});

describe.skipIf(TEST_STORE !== 'sqlite')('engine: a step commit while another process keeps SQLite locked', () => {
  it('keeps the run (SQLITE_BUSY is not the run’s fault) and finishes it at the next lease renewal once the lock is gone', async () => {
    const LEASE_MS = 60_000;
    dir = mkdtempSync(join(tmpdir(), 'weft-busy-'));
    const clock = new ManualClock();
    const weft = await worker(clock, LEASE_MS);
    const runId = await waitingRun(weft);
    const sqlite = (weft.store as SqliteStore).sqlite;
    // The runtime waits five seconds for a lock; a short wait shows the same refusal sooner.
    sqlite.pragma('busy_timeout = 20');
    const other = new Database(sqlite.name);
    try {
      other.exec('BEGIN IMMEDIATE');
      // The delay comes due: its result cannot be committed while the other connection holds the lock.
      await clock.advanceSettled(DELAY_MS);
      await until(() => !weft.engine.isActive(runId), 'the run to be let go while the database is locked');
      expect(weft.store.failure?.code).toBe('SQLITE_BUSY');
      const row = (await weft.store.runs.run(runId))!;
      expect(row.status, `run ended ${row.status}: ${row.error}`).toBe('running');
      expect((await stepRows(weft, runId)).wait).toMatchObject({ status: 'waiting' });
      other.exec('COMMIT');
    } finally {
      other.close();
    }

    // No lease has to run out: the next renewal finds the database writing again and resumes the run.
    await clock.advanceSettled(LEASE_MS / 3 + 1);
    await until(
      async () => weft.engine.isActive(runId) || (await weft.store.runs.run(runId))?.status !== 'running',
      'the run to be resumed at the lease renewal',
    );
    await clock.advanceSettled(SCHEDULER_POLL_MS);
    await expectSucceeded(weft, runId);
  });
});
