import { selectList } from '../columns.ts';
import type { Dialect } from '../ports.ts';
import {
  containsPattern,
  type FailedFilter,
  type FailedGroup,
  type RunFilter,
  type RunListRow,
  type RunQueries,
} from '../run-queries.ts';
import { runs } from '../schema.ts';
import type { Sql } from '../sql.ts';
import { notBodyRun } from './body-runs.ts';
import { runsFor, statusIs } from './status-terms.ts';

/**
 * Every column of a run but the trigger body, which the list does not show, and a test run's definition,
 * of which only its settings are read (for the run's business context).
 */
function listColumns(dialect: Dialect): string {
  const settings =
    dialect === 'postgres'
      ? `json_build_object('settings', r.definition::json -> 'settings')::text`
      : `json_object('settings', json_extract(r.definition, '$.settings'))`;
  return selectList(runs, {
    alias: 'r',
    blank: ['triggerBody'],
    computed: { definition: `CASE WHEN r.definition IS NULL THEN NULL ELSE ${settings} END` },
  });
}
const LIST_COLUMNS = { sqlite: listColumns('sqlite'), postgres: listColumns('postgres') };

interface Query {
  sql: string;
  args: unknown[];
}

/** The conditions of a filter but its page cursor and text. */
function filterWhere(f: RunFilter): { where: string[]; args: unknown[] } {
  const where: string[] = [notBodyRun('r.')];
  const args: unknown[] = [];
  if (f.flowId) where.push('r.flow_id = ?'), args.push(f.flowId);
  if (f.status) where.push(statusIs(f.status, 'r.'));
  // A literal, so that the planner can use runs_test_created, which holds only test runs.
  if (f.mode === 'live' || f.mode === 'test') where.push(`r.mode = '${f.mode}'`);
  else if (f.mode) throw new Error(`a run's mode is live or test, not "${String(f.mode)}"`);
  if (f.from !== undefined) where.push('r.created_at >= ?'), args.push(f.from);
  if (f.to !== undefined) where.push('r.created_at < ?'), args.push(f.to);
  if (f.nodeId) where.push('r.error_node_id = ?'), args.push(f.nodeId);
  if (f.errorCode) where.push('r.error_code = ?'), args.push(f.errorCode);
  if (f.flowOwnerId !== undefined)
    where.push('r.flow_id IN (SELECT id FROM flows WHERE created_by = ?)'), args.push(f.flowOwnerId);
  return { where, args };
}

/**
 * The run history query for a filter: its SQL and arguments, newest first by (created_at, id). `beforeAt`
 * is the creation time of the `before` run (unknown, say once it was deleted: the page goes on from its
 * id). With a text `q`, the runs whose business key is exactly `q` (through runs_business_key) and the
 * runs created since `textFrom` that hold `q` elsewhere (textSearch), each newest first, are merged into
 * one page.
 */
export function listQuery(f: RunFilter, dialect: Dialect = 'sqlite', beforeAt?: number): Query {
  const { where, args } = filterWhere(f);
  if (f.before && beforeAt !== undefined) where.push('(r.created_at, r.id) < (?, ?)'), args.push(beforeAt, f.before);
  else if (f.before) where.push('r.id < ?'), args.push(f.before);
  const select = (extra: Query | null): Query => {
    const w = extra ? [...where, extra.sql] : where;
    return {
      sql: `SELECT ${LIST_COLUMNS[dialect]}, r.finished_at - r.created_at AS "durationMs",
      (SELECT COALESCE(SUM(s.attempts), 0) FROM steps s WHERE s.run_id = r.id) AS "attempts"
      FROM ${runsFor(f.status, dialect, 'r')} ${w.length ? 'WHERE ' + w.join(' AND ') : ''} ORDER BY r.created_at DESC, r.id DESC LIMIT ?`,
      args: [...args, ...(extra?.args ?? []), f.limit],
    };
  };
  const q = f.q?.trim();
  if (!q) return select(null);
  const byKey = select({ sql: 'r.business_key = ?', args: [q] });
  const search = textSearch(q, dialect);
  const since =
    f.textFrom === undefined ? { sql: '', args: [] } : { sql: 'r.created_at >= ? AND ', args: [f.textFrom] };
  const byText = select({
    sql: `${since.sql}(r.business_key IS NULL OR r.business_key <> ?) AND ${search.sql}`,
    args: [...since.args, q, ...search.args],
  });
  return {
    sql: `SELECT * FROM (${byKey.sql}) k UNION ALL SELECT * FROM (${byText.sql}) t ORDER BY "createdAt" DESC, "id" DESC LIMIT ?`,
    args: [...byKey.args, ...byText.args, f.limit],
  };
}

/**
 * The creation time of the `runs`-th newest run matching the filter's conditions (its text and page cursor
 * left out), from which a text search over trigger events is to look; undefined when fewer runs match.
 */
export function textWindowQuery(f: RunFilter, runs: number, dialect: Dialect = 'sqlite'): Query {
  const { where, args } = filterWhere(f);
  return {
    sql: `SELECT r.created_at AS "at" FROM ${runsFor(f.status, dialect, 'r')} ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY r.created_at DESC, r.id DESC LIMIT 1 OFFSET ?`,
    args: [...args, runs - 1],
  };
}

/**
 * Matches the text, ignoring case, in the trigger event (stored as JSON, so the JSON-escaped form of the
 * text is tried as well), the correlation id and the dedupe key. SQLite's LIKE ignores case (for ASCII
 * letters); PostgreSQL's ILIKE does.
 */
function textSearch(q: string, dialect: Dialect): Query {
  const raw = containsPattern(q);
  const escaped = containsPattern(JSON.stringify(q).slice(1, -1));
  const payloadPatterns = raw === escaped ? [raw] : [raw, escaped];
  const like = dialect === 'postgres' ? 'ILIKE' : 'LIKE';
  const body = dialect === 'postgres' ? `convert_from(r.trigger_body, 'UTF8')` : 'CAST(r.trigger_body AS TEXT)';
  const terms: string[] = [];
  const args: string[] = [];
  for (const col of ['r.trigger', body])
    for (const p of payloadPatterns) terms.push(`${col} ${like} ? ESCAPE '\\'`), args.push(p);
  for (const col of ['r.correlation_id', 'r.dedupe_key']) terms.push(`${col} ${like} ? ESCAPE '\\'`), args.push(raw);
  return { sql: `(${terms.join(' OR ')})`, args };
}

function failedWhere(f: FailedFilter): Query {
  const where = [`status = 'failed'`, `mode = 'live'`, notBodyRun('')];
  const args: unknown[] = [];
  if (f.flowId) where.push('flow_id = ?'), args.push(f.flowId);
  if (f.nodeId) where.push('error_node_id = ?'), args.push(f.nodeId);
  if (f.errorCode) where.push('error_code = ?'), args.push(f.errorCode);
  if (f.from !== undefined) where.push('created_at >= ?'), args.push(f.from);
  if (f.to !== undefined) where.push('created_at < ?'), args.push(f.to);
  return { sql: where.join(' AND '), args };
}

/** The failed-runs grouping for a filter: its SQL and arguments; each group with the error text of its latest run. */
export function failedGroupsQuery(f: FailedFilter): Query {
  const w = failedWhere(f);
  return {
    sql: `SELECT flow_id AS "flowId", error_node_id AS "nodeId", error_code AS "errorCode",
      COUNT(*) AS "count", MIN(created_at) AS "firstAt", MAX(created_at) AS "lastAt",
      (SELECT r2.error FROM runs r2 WHERE r2.status = 'failed' AND r2.mode = 'live' AND ${notBodyRun('r2.')}
        AND r2.flow_id = runs.flow_id
        AND r2.error_node_id IS NOT DISTINCT FROM runs.error_node_id AND r2.error_code IS NOT DISTINCT FROM runs.error_code
        ORDER BY r2.created_at DESC LIMIT 1) AS "error"
    FROM runs WHERE ${w.sql} GROUP BY flow_id, error_node_id, error_code ORDER BY "count" DESC, "lastAt" DESC LIMIT 500`,
    args: w.args,
  };
}

/** The message of a stored error text; null when it has none. */
function messageOf(error: string | null): string | null {
  if (error === null) return null;
  try {
    const message = (JSON.parse(error) as { message?: unknown } | null)?.message;
    return typeof message === 'string' ? message : null;
  } catch {
    return null;
  }
}

type GroupRow = Omit<FailedGroup, 'nodeName' | 'message'> & { error: string | null };

/** Run history queries, in the SQL both dialects speak. */
export class SqlRunQueries implements RunQueries {
  constructor(private readonly sql: Sql) {}

  async list(f: RunFilter): Promise<RunListRow[]> {
    const before = f.before
      ? await this.sql.get<{ at: number }>('SELECT created_at AS "at" FROM runs WHERE id = ?', [f.before])
      : undefined;
    const q = listQuery(f, this.sql.dialect, before ? Number(before.at) : undefined);
    const rows = await this.sql.all<RunListRow>(q.sql, q.args);
    for (const r of rows) {
      r.attempts = Number(r.attempts);
      r.durationMs = r.durationMs === null ? null : Number(r.durationMs);
    }
    return rows;
  }

  async textWindow(f: RunFilter, runs: number): Promise<number | undefined> {
    const q = textWindowQuery(f, runs, this.sql.dialect);
    const row = await this.sql.get<{ at: number }>(q.sql, q.args);
    return row ? Number(row.at) : undefined;
  }

  async failedGroups(f: FailedFilter): Promise<Omit<FailedGroup, 'nodeName'>[]> {
    const q = failedGroupsQuery(f);
    const rows = await this.sql.all<GroupRow>(q.sql, q.args);
    return rows.map(({ error, ...g }) => ({
      ...g,
      count: Number(g.count),
      firstAt: Number(g.firstAt),
      lastAt: Number(g.lastAt),
      message: messageOf(error),
    }));
  }

  async failedRunIds(f: FailedFilter, limit: number): Promise<string[]> {
    const w = failedWhere(f);
    const rows = await this.sql.all<{ id: string }>(
      `SELECT id FROM runs WHERE ${w.sql} ORDER BY created_at, id LIMIT ?`,
      [...w.args, limit],
    );
    return rows.map((r) => r.id);
  }
}
