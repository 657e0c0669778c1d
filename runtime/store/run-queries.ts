import type Database from 'better-sqlite3';
import type { Db } from './db.ts';
import type { RunRow } from './run-store.ts';

export interface RunFilter {
  flowId?: string;
  status?: string;
  mode?: 'live' | 'test';
  from?: number;
  to?: number;
  /** Runs created before this run id (for paging). */
  before?: string;
  limit: number;
}

/** Run history queries for the API. */
export class RunQueries {
  private readonly sqlite: Database.Database;
  constructor(db: Db) {
    this.sqlite = db.$client;
  }

  list(f: RunFilter): RunRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (f.flowId) where.push('flow_id = ?'), args.push(f.flowId);
    if (f.status) where.push('status = ?'), args.push(f.status);
    if (f.mode) where.push('mode = ?'), args.push(f.mode);
    if (f.from !== undefined) where.push('created_at >= ?'), args.push(f.from);
    if (f.to !== undefined) where.push('created_at < ?'), args.push(f.to);
    if (f.before) where.push('id < ?'), args.push(f.before);
    const sql = `SELECT id, flow_id AS flowId, version, mode, status, trigger_node AS triggerNode, trigger, NULL AS triggerBody, NULL AS definition,
      correlation_id AS correlationId, dedupe_key AS dedupeKey, error, response, created_at AS createdAt, updated_at AS updatedAt,
      finished_at AS finishedAt FROM runs ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT ?`;
    return this.sqlite.prepare(sql).all(...args, f.limit) as RunRow[];
  }
}
