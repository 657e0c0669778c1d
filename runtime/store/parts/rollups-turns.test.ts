import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { freshPostgres, postgresAvailable, type FreshPostgres } from '../../../test/support/postgres.ts';
import { eventually } from '../../../test/support/poll.ts';
import { openPostgres } from '../postgres/connect.ts';
import { PostgresSql } from '../postgres/postgres-sql.ts';
import { bucketOf } from '../duration-buckets.ts';
import { countRunEnd } from './rollups.ts';
import { SqlRunStore } from './runs.ts';

const available = (await postgresAvailable()) || !!process.env.CI;
const AT = Date.UTC(2026, 4, 1, 12, 0, 30);
const OK = { code: null, nodeId: null };

describe.skipIf(!available)('PostgreSQL: writes that count run ends take turns', () => {
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
      await runs.insertRun({
        id,
        flowId: 'orders',
        version: 1,
        mode: 'live',
        status: 'running',
        triggerNode: 'in',
        trigger: '{}',
        createdAt: AT - ms,
        updatedAt: AT - ms,
      });
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('so two writes ending runs in opposite orders of their rows wait for each other instead of deadlocking', async () => {
    expect(bucketOf(10)).not.toBe(bucketOf(1000));
    const first = await pool.connect();
    const second = await pool.connect();
    try {
      const pid = (await second.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      await first.query('BEGIN');
      await second.query('BEGIN');
      await countRunEnd(new PostgresSql(first), 'a', 'succeeded', OK, AT);
      // The second write would lock the slow runs' row now, and the fast runs' row after: it waits its turn.
      const other = (async () => {
        await countRunEnd(new PostgresSql(second), 'b', 'succeeded', OK, AT);
        await countRunEnd(new PostgresSql(second), 'd', 'succeeded', OK, AT);
        await second.query('COMMIT');
      })();
      other.catch(() => {}); // awaited below; a failure before then is not left unhandled
      await eventually(
        async () =>
          (await pool.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event = 'advisory'`, [pid]))
            .rowCount === 1,
        'the second write to wait for its turn',
      );
      await countRunEnd(new PostgresSql(first), 'c', 'succeeded', OK, AT);
      await first.query('COMMIT');
      await other;
    } finally {
      first.release();
      second.release();
    }
    const rows = await pool.query<{ bucket: number; count: number }>(
      'SELECT bucket, count FROM run_rollups ORDER BY bucket',
    );
    expect(rows.rows).toEqual([
      { bucket: bucketOf(10), count: 2 },
      { bucket: bucketOf(1000), count: 2 },
    ]);
  });
});
