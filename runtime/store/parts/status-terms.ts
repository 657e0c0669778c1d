import type { Dialect } from '../ports.ts';

/**
 * The runs' status indexes (runs_status_created, runs_flow_status_created) leave running runs out: every
 * run is running for a moment, and an entry made and dropped again for each would be most of what these
 * indexes cost. Running runs are unfinished ones, found through runs_unfinished_key (finished_at IS NULL).
 * SQLite uses a partial index only for a query that states its condition, so these terms state it.
 */
export const STATUS_INDEXED = `status <> 'running'`;

/** The condition "the run's status is `status`" (a known value), in the form the indexes above are used for. */
export function statusIs(status: string, t = ''): string {
  if (!/^[a-z_]+$/.test(status)) throw new Error(`not a run status: ${JSON.stringify(status)}`);
  return status === 'running'
    ? `${t}status = 'running' AND ${t}finished_at IS NULL`
    : `${t}status = '${status}' AND ${t}${STATUS_INDEXED}`;
}

/**
 * The runs table as a query for `status` reads it: on SQLite, running runs through runs_unfinished_key, named,
 * since the planner (knowing no sizes) would rather read every run in creation order than sort a few.
 */
export const runsFor = (status: string | undefined, dialect: Dialect, alias = 'runs') =>
  `runs ${alias}${status === 'running' && dialect === 'sqlite' ? ' INDEXED BY runs_unfinished_key' : ''}`;

/** The runs with one of `statuses`, as a derived table with `columns` (one arm per status, each on its index). */
export function runsWithStatuses(statuses: readonly string[], columns: string, dialect: Dialect): string {
  return `(${statuses.map((s) => `SELECT ${columns} FROM ${runsFor(s, dialect)} WHERE ${statusIs(s)}`).join(' UNION ALL ')})`;
}
