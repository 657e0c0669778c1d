import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { freshPostgres, postgresAvailable, type FreshPostgres } from '../../../test/support/postgres.ts';
import { eventually } from '../../../test/support/poll.ts';
import { openPostgres } from '../postgres/connect.ts';
import { PostgresSql } from '../postgres/postgres-sql.ts';
import { BatchedTransaction } from '../postgres/batched-transaction.ts';
import { bucketOf } from '../duration-buckets.ts';
import { countRunEnd } from './rollups.ts';
import { SqlRunStore } from './runs.ts';
import { newRun } from '../../../test/support/new-run.ts';

const available = (await postgresAvailable()) || !!process.env.CI;
const AT = Date.UTC(2026, 4, 1, 12, 0, 30);
const OK = { code: null, nodeId: null };

describe.skipIf(!available)('PostgreSQL: writes that count run ends add them up in key order before COMMIT', () => {
  let database: FreshPostgres;
  let pool: pg.Pool;

  beforeAll(async () => {
    database = await freshPostgres({ migrated: true });
    pool = openPostgres(database.url, { max: 4 }).pool;
    const runs = new SqlRunStore(new PostgresSql(pool));
    // a and d end quickly, b and c slowly: two roll-up rows of the same minute.
    for (const [id, ms] of [
      ['a', 10],
      ['b', 1000],
      ['c', 1000],
      ['d', 10],
    ] as const)
      await runs.insertRun(newRun(id, AT - ms));
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('so two writes ending runs in opposite orders of their rows wait at a row for each other instead of deadlocking', async () => {
    expect(bucketOf(10)).not.toBe(bucketOf(1000));
    // Both rows exist, and another session holds the slow runs' one: each write gets as far as it can.
    await pool.query(`INSERT INTO run_rollups (flow_id, minute, status, bucket, count, duration_sum)
      VALUES ('orders', ${AT - 30_000}, 'succeeded', ${bucketOf(10)}, 0, 0), ('orders', ${AT - 30_000}, 'succeeded', ${bucketOf(1000)}, 0, 0)`);
    const blocker = await pool.connect();
    const first = await pool.connect();
    const second = await pool.connect();
    const deadlocks = async () =>
      (
        await pool.query<{ n: number }>(
          'SELECT deadlocks AS n FROM pg_stat_database WHERE datname = current_database()',
        )
      ).rows[0].n;
    const before = await deadlocks();
    try {
      await blocker.query('BEGIN');
      await blocker.query(`SELECT 1 FROM run_rollups WHERE bucket = $1 FOR UPDATE`, [bucketOf(1000)]);
      const pids = await Promise.all(
        [first, second].map(
          async (c) => (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid,
        ),
      );
      // The first write ends a fast run, then a slow one; the second a slow one, then a fast one.
      const one = new BatchedTransaction(first, () => {});
      const two = new BatchedTransaction(second, () => {});
      await countRunEnd(one, 'a', 'succeeded', OK, AT);
      await countRunEnd(one, 'c', 'succeeded', OK, AT);
      await countRunEnd(two, 'b', 'succeeded', OK, AT);
      await countRunEnd(two, 'd', 'succeeded', OK, AT);
      const committed = Promise.all([one.finish(), two.finish()]);
      committed.catch(() => {}); // awaited below; a failure before then is not left unhandled
      await eventually(
        async () =>
          (
            await pool.query(
              `SELECT 1 FROM pg_stat_activity WHERE pid = ANY($1) AND wait_event_type = 'Lock' AND wait_event <> 'advisory'`,
              [pids],
            )
          ).rowCount === 2,
        'both writes to wait for a roll-up row (not for a turn of their own)',
      );
      await blocker.query('COMMIT');
      await committed;
    } finally {
      blocker.release();
      first.release();
      second.release();
    }
    expect(await deadlocks()).toBe(before);
    const rows = await pool.query<{ bucket: number; count: number; duration_sum: number }>(
      'SELECT bucket, count, duration_sum FROM run_rollups ORDER BY bucket',
    );
    expect(rows.rows).toEqual([
      { bucket: bucketOf(10), count: 2, duration_sum: 20 },
      { bucket: bucketOf(1000), count: 2, duration_sum: 2000 },
    ]);
  });

  it('and a run ended again is taken out of the row it was counted in, in the same upserts as its new end', async () => {
    const end = async (status: 'succeeded' | 'failed', error: string | null) => {
      const client = await pool.connect();
      try {
        const tx = new BatchedTransaction(client, () => {});
        await tx.exec('SAVEPOINT w');
        await new SqlRunStore(tx).finishRun('a', status, error, null, AT);
        await tx.exec('RELEASE w');
        await tx.finish();
      } finally {
        client.release();
      }
    };
    await end('succeeded', null);
    await end('failed', JSON.stringify({ code: 'http_500', nodeId: 'call' }));
    const rows = await pool.query<{ bucket: number; status: string; count: number }>(
      'SELECT bucket, status, count FROM run_rollups WHERE count > 0 ORDER BY bucket, status',
    );
    expect(rows.rows).toEqual([
      { bucket: bucketOf(10), status: 'failed', count: 1 },
      { bucket: bucketOf(10), status: 'succeeded', count: 2 },
      { bucket: bucketOf(1000), status: 'succeeded', count: 2 },
    ]);
    const failures = await pool.query('SELECT error_code, node_id, count FROM run_failure_rollups');
    expect(failures.rows).toEqual([{ error_code: 'http_500', node_id: 'call', count: 1 }]);
  });
});
