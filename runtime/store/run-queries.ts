import type Database from 'better-sqlite3';
import type { Db } from './db.ts';
import type { RunRow } from './run-store.ts';
import { runs } from './schema.ts';
import { selectList } from './columns.ts';
import type { FailedFilter, FailedGroup } from '../../shared/run.ts';

export interface RunFilter {
  flowId?: string;
  status?: string;
  mode?: 'live' | 'test';
  from?: number;
  to?: number;
  /** Text found (case-insensitively) in the trigger event, the correlation id or the dedupe (business) key. */
  q?: string;
  /** Only runs whose error names this step, or has this code (a group of the failed-runs queue). */
  nodeId?: string;
  errorCode?: string;
  /** Only runs of the flows this principal owns, by its id (an analyst sees the runs of their own flows). */
  flowOwnerId?: string;
  /** Runs created before this run id (for paging). */
  before?: string;
  limit: number;
}

/** A run row for the history list, with totals over its steps. */
export type RunListRow = RunRow & {
  /** Attempts of all its steps together. */
  attempts: number;
  /** finishedAt − createdAt; null while the run is running. */
  durationMs: number | null;
};

/** `text` as a LIKE pattern matching it anywhere, literally (with ESCAPE '\'). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}

/** Every column of a run but the trigger body and a test run's definition, which the list does not show. */
const LIST_COLUMNS = selectList(runs, { alias: 'r', blank: ['triggerBody', 'definition'] });

/** Run history queries for the API. */
export class RunQueries {
  private readonly sqlite: Database.Database;
  constructor(db: Db) {
    this.sqlite = db.$client;
  }

  list(f: RunFilter): RunListRow[] {
    const q = listQuery(f);
    return this.sqlite.prepare(q.sql).all(...q.args) as RunListRow[];
  }
}

/** The run history query for a filter: its SQL and arguments. */
export function listQuery(f: RunFilter): { sql: string; args: unknown[] } {
  const where: string[] = [];
  const args: unknown[] = [];
  if (f.flowId) where.push('r.flow_id = ?'), args.push(f.flowId);
  if (f.status) where.push('r.status = ?'), args.push(f.status);
  if (f.mode) where.push('r.mode = ?'), args.push(f.mode);
  if (f.from !== undefined) where.push('r.created_at >= ?'), args.push(f.from);
  if (f.to !== undefined) where.push('r.created_at < ?'), args.push(f.to);
  if (f.before) where.push('r.id < ?'), args.push(f.before);
  if (f.nodeId) where.push('r.error_node_id = ?'), args.push(f.nodeId);
  if (f.errorCode) where.push('r.error_code = ?'), args.push(f.errorCode);
  if (f.flowOwnerId !== undefined)
    where.push('r.flow_id IN (SELECT id FROM flows WHERE created_by = ?)'), args.push(f.flowOwnerId);
  const q = f.q?.trim();
  if (q) {
    const search = textSearch(q);
    where.push(search.sql), args.push(...search.args);
  }
  const sql = `SELECT ${LIST_COLUMNS}, r.finished_at - r.created_at AS durationMs,
      (SELECT COALESCE(SUM(s.attempts), 0) FROM steps s WHERE s.run_id = r.id) AS attempts
      FROM runs r ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY r.id DESC LIMIT ?`;
  return { sql, args: [...args, f.limit] };
}

/**
 * Matches the text in the trigger event (stored as JSON, so the JSON-escaped
 * form of the text is tried as well), the correlation id and the dedupe key.
 * SQLite's LIKE ignores case for ASCII letters.
 */
function textSearch(q: string): { sql: string; args: string[] } {
  const raw = containsPattern(q);
  const escaped = containsPattern(JSON.stringify(q).slice(1, -1));
  const payloadPatterns = raw === escaped ? [raw] : [raw, escaped];
  const columns = ['r.trigger', 'CAST(r.trigger_body AS TEXT)'];
  const terms: string[] = [];
  const args: string[] = [];
  for (const col of columns) for (const p of payloadPatterns) terms.push(`${col} LIKE ? ESCAPE '\\'`), args.push(p);
  for (const col of ['r.correlation_id', 'r.dedupe_key']) terms.push(`${col} LIKE ? ESCAPE '\\'`), args.push(raw);
  return { sql: `(${terms.join(' OR ')})`, args };
}

export type { FailedFilter, FailedGroup };

function failedWhere(f: FailedFilter): { sql: string; args: unknown[] } {
  const where = [`status = 'failed'`, `mode = 'live'`];
  const args: unknown[] = [];
  if (f.flowId) where.push('flow_id = ?'), args.push(f.flowId);
  if (f.nodeId) where.push('error_node_id = ?'), args.push(f.nodeId);
  if (f.errorCode) where.push('error_code = ?'), args.push(f.errorCode);
  if (f.from !== undefined) where.push('created_at >= ?'), args.push(f.from);
  if (f.to !== undefined) where.push('created_at < ?'), args.push(f.to);
  return { sql: where.join(' AND '), args };
}

/** The failed-runs queue grouped by flow, node and error, biggest groups first. */
export function failedGroups(db: Db, f: FailedFilter): Omit<FailedGroup, 'nodeName'>[] {
  const q = failedGroupsQuery(f);
  return db.$client.prepare(q.sql).all(...q.args) as Omit<FailedGroup, 'nodeName'>[];
}

/** The failed-runs grouping for a filter: its SQL and arguments. */
export function failedGroupsQuery(f: FailedFilter): { sql: string; args: unknown[] } {
  const w = failedWhere(f);
  return {
    sql: `SELECT flow_id AS flowId, error_node_id AS nodeId, error_code AS errorCode,
      COUNT(*) AS count, MIN(created_at) AS firstAt, MAX(created_at) AS lastAt,
      (SELECT json_extract(r2.error, '$.message') FROM runs r2 WHERE r2.status = 'failed' AND r2.mode = 'live' AND r2.flow_id = runs.flow_id
        AND r2.error_node_id IS runs.error_node_id AND r2.error_code IS runs.error_code
        ORDER BY r2.created_at DESC LIMIT 1) AS message
    FROM runs WHERE ${w.sql} GROUP BY flow_id, error_node_id, error_code ORDER BY count DESC, lastAt DESC LIMIT 500`,
    args: w.args,
  };
}

/** Ids of failed live runs matching the filter, oldest first (at most `limit`). */
export function failedRunIds(db: Db, f: FailedFilter, limit: number): string[] {
  const w = failedWhere(f);
  return db.$client
    .prepare(`SELECT id FROM runs WHERE ${w.sql} ORDER BY created_at, id LIMIT ?`)
    .pluck()
    .all(...w.args, limit) as string[];
}
