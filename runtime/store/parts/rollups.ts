import type { FailureCount, LiveCounts, RollupPoint, RollupStore, RollupTotal } from '../rollup-store.ts';
import { bucketOf, bucketSql, bucketSqlPostgres } from '../duration-buckets.ts';
import { boolValue, type Sql } from '../sql.ts';
import { notBodyRun } from './body-runs.ts';

const MINUTE = 60_000;
/**
 * A live run that ends now (a cancelled run stays as it is: RunStore.finishRun leaves it); a loop's body
 * runs are part of their run and not counted.
 */
const ENDING = `id = ? AND status <> 'cancelled' AND mode = 'live' AND ${notBodyRun()}`;
/** A live run as it was counted when it ended. */
const COUNTED = `id = ? AND finished_at IS NOT NULL AND status <> 'cancelled' AND mode = 'live' AND ${notBodyRun()}`;
const minuteOf = (at: number) => Math.floor(at / MINUTE) * MINUTE;
/**
 * PostgreSQL write transactions: a run end is not counted into the roll-up rows where it happens, which
 * would lock them in the order the batch's runs end (two batches could each wait for a row the other
 * holds: a deadlock). Its counts are kept in a table of the session (RUN_ENDS, emptied by each commit), and
 * the transaction adds them up into the roll-up rows just before COMMIT (FOLD): one upsert per row, taken in
 * key order, so two transactions wait for one another at a row they share but never each for the other.
 */
const RUN_ENDS = `CREATE TEMP TABLE IF NOT EXISTS weft_run_ends (kind TEXT NOT NULL, flow_id TEXT NOT NULL,
  minute BIGINT NOT NULL, status TEXT, bucket INTEGER, error_code TEXT, node_id TEXT, count INTEGER NOT NULL,
  duration_sum BIGINT NOT NULL) ON COMMIT DELETE ROWS`;
/**
 * A run's end (+1) and what it takes back from where it was counted before (−1), before its row changes:
 * one read of the run by its key, giving up to four rows (its old end and failure, its new end and failure).
 */
const KEEP = `INSERT INTO pg_temp.weft_run_ends (kind, flow_id, minute, status, bucket, error_code, node_id, count, duration_sum)
  SELECT v.kind, r.flow_id, v.minute, v.status, v.bucket, v.error_code, v.node_id, v.count, v.duration_sum
  FROM runs r
  CROSS JOIN LATERAL (SELECT CAST(? AS BIGINT) - r.created_at AS d, r.finished_at - r.created_at AS was) t
  CROSS JOIN LATERAL (VALUES
    ('run', (r.finished_at / ${MINUTE}) * ${MINUTE}, r.status, ${bucketSqlPostgres('t.was')}, CAST(NULL AS TEXT),
      CAST(NULL AS TEXT), -1, -t.was, r.finished_at IS NOT NULL),
    ('failure', (r.finished_at / ${MINUTE}) * ${MINUTE}, NULL, NULL, COALESCE(r.error_code, ''),
      COALESCE(r.error_node_id, ''), -1, 0, r.finished_at IS NOT NULL AND r.status = 'failed'),
    ('run', CAST(? AS BIGINT), CAST(? AS TEXT), ${bucketSqlPostgres('t.d')}, NULL, NULL, 1, t.d, CAST(? AS BOOLEAN)),
    ('failure', CAST(? AS BIGINT), NULL, NULL, CAST(? AS TEXT), CAST(? AS TEXT), 1, 0,
      CAST(? AS BOOLEAN) AND CAST(? AS TEXT) = 'failed')
  ) v (kind, minute, status, bucket, error_code, node_id, count, duration_sum, keep)
  WHERE r.id = ? AND r.status <> 'cancelled' AND r.mode = 'live' AND ${notBodyRun('r.')} AND v.keep`;
/**
 * Adds up what the transaction kept into the roll-up rows, in key order; a row a run is taken out of is
 * only changed (as an UPDATE would), not made again should it have been pruned meanwhile.
 */
const FOLD_RUNS = `WITH kept AS (SELECT flow_id, minute, status, bucket, count, duration_sum FROM pg_temp.weft_run_ends WHERE kind = 'run')
  INSERT INTO run_rollups (flow_id, minute, status, bucket, count, duration_sum)
  SELECT flow_id, minute, status, bucket, SUM(count), SUM(duration_sum) FROM kept GROUP BY flow_id, minute, status, bucket
  HAVING SUM(count) > 0 OR ((SUM(count) <> 0 OR SUM(duration_sum) <> 0) AND EXISTS (SELECT 1 FROM run_rollups r
    WHERE r.flow_id = kept.flow_id AND r.minute = kept.minute AND r.status = kept.status AND r.bucket = kept.bucket))
  ORDER BY flow_id, minute, status, bucket
  ON CONFLICT (flow_id, minute, status, bucket)
  DO UPDATE SET count = run_rollups.count + excluded.count, duration_sum = run_rollups.duration_sum + excluded.duration_sum`;
const FOLD_FAILURES = `WITH kept AS (SELECT flow_id, minute, error_code, node_id, count FROM pg_temp.weft_run_ends WHERE kind = 'failure')
  INSERT INTO run_failure_rollups (flow_id, minute, error_code, node_id, count)
  SELECT flow_id, minute, error_code, node_id, SUM(count) FROM kept GROUP BY flow_id, minute, error_code, node_id
  HAVING SUM(count) > 0 OR (SUM(count) < 0 AND EXISTS (SELECT 1 FROM run_failure_rollups r WHERE r.flow_id = kept.flow_id
    AND r.minute = kept.minute AND r.error_code = kept.error_code AND r.node_id = kept.node_id))
  ORDER BY flow_id, minute, error_code, node_id
  ON CONFLICT (flow_id, minute, error_code, node_id) DO UPDATE SET count = run_failure_rollups.count + excluded.count`;

/** Keeps the counts of run `id`'s end (ending: counted with `status` at `at`; else only taken out) for FOLD. */
function keep(
  sql: Sql & { atEnd: NonNullable<Sql['atEnd']> },
  id: string,
  ending: { status: string; error: { code: string | null; nodeId: string | null }; at: number } | null,
): Promise<void> {
  sql.atEnd(FOLD_RUNS, RUN_ENDS);
  sql.atEnd(FOLD_FAILURES, RUN_ENDS);
  const at = ending?.at ?? 0;
  const status = ending?.status ?? '';
  return sql.defer(KEEP, [
    at,
    minuteOf(at),
    status,
    ending !== null,
    minuteOf(at),
    ending?.error.code ?? '',
    ending?.error.nodeId ?? '',
    ending !== null,
    status,
    id,
  ]);
}

const W = {
  /**
   * A live run's first end, counted with one statement: its roll-up row made or added to, its duration's
   * bucket found by the database. No row when the run is not one to count or has ended before.
   */
  addFirstEnd: `INSERT INTO run_rollups (flow_id, minute, status, bucket, count, duration_sum)
    SELECT flow_id, ?, ?, ${bucketSql('d')}, 1, d
    FROM (SELECT flow_id, CAST(? AS BIGINT) - created_at AS d FROM runs WHERE ${ENDING} AND finished_at IS NULL) r
    WHERE true
    ON CONFLICT (flow_id, minute, status, bucket)
    DO UPDATE SET count = run_rollups.count + 1, duration_sum = run_rollups.duration_sum + excluded.duration_sum`,
  addFirstFailure: `INSERT INTO run_failure_rollups (flow_id, minute, error_code, node_id, count)
    SELECT flow_id, ?, ?, ?, 1 FROM runs WHERE ${ENDING} AND finished_at IS NULL
    ON CONFLICT (flow_id, minute, error_code, node_id) DO UPDATE SET count = run_failure_rollups.count + 1`,
  /** A live run that can be counted as it ends: its flow, its start, and whether it was counted before. */
  ending: `SELECT flow_id AS "flowId", created_at AS "createdAt", CASE WHEN finished_at IS NULL THEN 0 ELSE 1 END AS counted
    FROM runs WHERE ${ENDING}`,
  addRunRow: `INSERT INTO run_rollups (flow_id, minute, status, bucket, count, duration_sum) VALUES (?, ?, ?, ?, 1, ?)
    ON CONFLICT (flow_id, minute, status, bucket)
    DO UPDATE SET count = run_rollups.count + 1, duration_sum = run_rollups.duration_sum + excluded.duration_sum`,
  addFailureRow: `INSERT INTO run_failure_rollups (flow_id, minute, error_code, node_id, count) VALUES (?, ?, ?, ?, 1)
    ON CONFLICT (flow_id, minute, error_code, node_id) DO UPDATE SET count = run_failure_rollups.count + 1`,
  removeRun: `UPDATE run_rollups SET count = count - 1,
      duration_sum = duration_sum - (SELECT finished_at - created_at FROM runs WHERE id = ?)
    WHERE (flow_id, minute, status, bucket) = (SELECT flow_id, (finished_at / ${MINUTE}) * ${MINUTE}, status,
      ${bucketSql('(finished_at - created_at)')} FROM runs WHERE ${COUNTED})`,
  removeFailure: `UPDATE run_failure_rollups SET count = count - 1
    WHERE (flow_id, minute, error_code, node_id) = (SELECT flow_id, (finished_at / ${MINUTE}) * ${MINUTE},
      COALESCE(error_code, ''), COALESCE(error_node_id, '') FROM runs WHERE ${COUNTED} AND status = 'failed')`,
};

/**
 * Counts run `id` in the roll-ups as it ends with `status` at `at`: statements of the write that finishes it,
 * made before the run's row is changed. A run that had ended already is taken out of the minute it was
 * counted in first; a cancelled one stays counted as cancelled.
 */
export async function countRunEnd(
  sql: Sql,
  id: string,
  status: string,
  error: { code: string | null; nodeId: string | null },
  at: number,
): Promise<void> {
  if (sql.atEnd) return keep(sql as Sql & { atEnd: NonNullable<Sql['atEnd']> }, id, { status, error, at });
  // Most runs end once: counted by one statement. The failure row is added first, while the run is unfinished.
  const minute = minuteOf(at);
  if (status === 'failed') await sql.defer(W.addFirstFailure, [minute, error.code ?? '', error.nodeId ?? '', id]);
  if ((await sql.run(W.addFirstEnd, [minute, status, at, id])).changes === 1) return;
  // Not counted now: a run not to count, or one that ended before, taken out of where it was counted first.
  const run = await sql.get<{ flowId: string; createdAt: unknown; counted: unknown }>(W.ending, [id]);
  if (!run || !boolValue(run.counted)) return;
  await uncountRunEnd(sql, id);
  const d = at - Number(run.createdAt);
  await sql.defer(W.addRunRow, [run.flowId, minuteOf(at), status, bucketOf(d), d]);
  if (status === 'failed')
    await sql.defer(W.addFailureRow, [run.flowId, minuteOf(at), error.code ?? '', error.nodeId ?? '']);
}

/** Takes finished run `id` out of the roll-ups as it is reopened; made before the run's row is changed. */
export async function uncountRunEnd(sql: Sql, id: string): Promise<void> {
  if (sql.atEnd) return keep(sql as Sql & { atEnd: NonNullable<Sql['atEnd']> }, id, null);
  await sql.defer(W.removeRun, [id, id]);
  await sql.defer(W.removeFailure, [id]);
}

const range = (flowId?: string) => `minute >= ? AND minute < ?${flowId === undefined ? '' : ' AND flow_id = ?'}`;
const params = (from: number, to: number, flowId?: string) =>
  flowId === undefined ? [minuteOf(from), to] : [minuteOf(from), to, flowId];
const n = (v: unknown) => Number(v ?? 0);

/** The dashboard's reads over the roll-ups (and, for what is going on now, the unfinished runs). */
export class SqlRollupStore implements RollupStore {
  constructor(private readonly sql: Sql) {}

  async totals(from: number, to: number, flowId?: string): Promise<RollupTotal[]> {
    const rows = await this.sql.all<RollupTotal>(
      `SELECT flow_id AS "flowId", status, SUM(count) AS count, SUM(duration_sum) AS "durationSum"
      FROM run_rollups WHERE ${range(flowId)} GROUP BY flow_id, status ORDER BY flow_id, status`,
      params(from, to, flowId),
    );
    return rows.map((r) => ({ ...r, count: n(r.count), durationSum: n(r.durationSum) })).filter((r) => r.count > 0);
  }

  async buckets(from: number, to: number, flowId?: string): Promise<(RollupTotal & { bucket: number })[]> {
    const rows = await this.sql.all<Record<string, unknown>>(
      `SELECT flow_id AS "flowId", status, bucket, SUM(count) AS count, SUM(duration_sum) AS "durationSum"
      FROM run_rollups WHERE ${range(flowId)} GROUP BY flow_id, status, bucket`,
      params(from, to, flowId),
    );
    return rows
      .map((r) => ({
        flowId: String(r.flowId),
        status: String(r.status),
        bucket: n(r.bucket),
        count: n(r.count),
        durationSum: n(r.durationSum),
      }))
      .filter((r) => r.count > 0);
  }

  async series(flowId: string, from: number, to: number, stepMs: number): Promise<RollupPoint[]> {
    const start = minuteOf(from);
    const rows = await this.sql.all<{ slot: unknown; status: string; count: unknown; durationSum: unknown }>(
      `SELECT (minute - CAST(? AS BIGINT)) / CAST(? AS BIGINT) AS slot, status, SUM(count) AS count, SUM(duration_sum) AS "durationSum"
      FROM run_rollups WHERE ${range(flowId)} GROUP BY 1, status ORDER BY 1, status`,
      [start, stepMs, ...params(from, to, flowId)],
    );
    return rows
      .map((r) => ({
        at: start + n(r.slot) * stepMs,
        status: r.status,
        count: n(r.count),
        durationSum: n(r.durationSum),
      }))
      .filter((r) => r.count > 0);
  }

  async histogram(flowId: string, from: number, to: number): Promise<Map<number, number>> {
    const rows = await this.sql.all<{ bucket: unknown; count: unknown }>(
      `SELECT bucket, SUM(count) AS count FROM run_rollups WHERE ${range(flowId)} GROUP BY bucket`,
      params(from, to, flowId),
    );
    return new Map(rows.map((r) => [n(r.bucket), n(r.count)]));
  }

  async failures(from: number, to: number, flowId?: string): Promise<FailureCount[]> {
    const rows = await this.sql.all<{ flowId: string; errorCode: string; nodeId: string; count: unknown }>(
      `SELECT flow_id AS "flowId", error_code AS "errorCode", node_id AS "nodeId", SUM(count) AS count
      FROM run_failure_rollups WHERE ${range(flowId)} GROUP BY flow_id, error_code, node_id
      ORDER BY 4 DESC, flow_id, error_code, node_id`,
      params(from, to, flowId),
    );
    return rows
      .map((r) => ({ flowId: r.flowId, errorCode: r.errorCode || null, nodeId: r.nodeId || null, count: n(r.count) }))
      .filter((r) => r.count > 0);
  }

  async live(): Promise<LiveCounts[]> {
    const step = (cond: string) => `EXISTS (SELECT 1 FROM steps s WHERE s.run_id = r.id AND ${cond})`;
    const rows = await this.sql.all<Record<keyof LiveCounts, unknown>>(
      `SELECT r.flow_id AS "flowId", COUNT(*) AS unfinished,
        SUM(CASE WHEN ${step(`s.status = 'retrying'`)} THEN 1 ELSE 0 END) AS retrying,
        SUM(CASE WHEN r.status = 'waiting_approval' OR ${step(`s.status = 'waiting'`)} THEN 1 ELSE 0 END) AS waiting,
        SUM(CASE WHEN ${step(`s.status = 'retrying' AND s.error LIKE '%"reason":"circuit_open"%'`)} THEN 1 ELSE 0 END)
          AS "heldByCircuit"
      FROM runs r WHERE r.finished_at IS NULL AND r.mode = 'live' AND ${notBodyRun('r.')}
      GROUP BY r.flow_id ORDER BY r.flow_id`,
    );
    return rows.map((r) => ({
      flowId: String(r.flowId),
      unfinished: n(r.unfinished),
      retrying: n(r.retrying),
      waiting: n(r.waiting),
      heldByCircuit: n(r.heldByCircuit),
    }));
  }

  async prune(before: number): Promise<number> {
    const runs = await this.sql.run(`DELETE FROM run_rollups WHERE minute < ?`, [before]);
    const failures = await this.sql.run(`DELETE FROM run_failure_rollups WHERE minute < ?`, [before]);
    return runs.changes + failures.changes;
  }

  async failedQueue(): Promise<Map<string, number>> {
    const rows = await this.sql.all<{ flowId: string; n: unknown }>(
      `SELECT flow_id AS "flowId", COUNT(*) AS n FROM runs WHERE status = 'failed' AND mode = 'live' AND ${notBodyRun()}
      GROUP BY flow_id`,
    );
    return new Map(rows.map((r) => [r.flowId, n(r.n)]));
  }
}
