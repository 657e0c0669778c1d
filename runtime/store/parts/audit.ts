import { auditLog } from '../schema.ts';
import { columnKeys, insertSql, selectList } from '../columns.ts';
import type { AuditQuery, AuditRow, AuditStore } from '../audit-store.ts';
import type { Sql } from '../sql.ts';

const KEYS = columnKeys(auditLog);
const COLUMNS = selectList(auditLog);
const INSERT = insertSql(auditLog);

/**
 * The audit log's rows, in the SQL both dialects speak. Inside a write, last() holds the chain's end:
 * SQLite's write lock does that by itself; PostgreSQL takes a transaction-scoped advisory lock first.
 */
export class SqlAuditStore implements AuditStore {
  constructor(private readonly sql: Sql) {}

  async last(): Promise<{ seq: number; hash: string } | undefined> {
    if (this.sql.dialect === 'postgres') await this.sql.run(`SELECT pg_advisory_xact_lock(hashtext('weft.audit_log'))`);
    return this.sql.get(`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`);
  }

  async insert(row: AuditRow): Promise<void> {
    await this.sql.run(
      INSERT,
      KEYS.map((k) => row[k]),
    );
  }

  async list(f: AuditQuery): Promise<AuditRow[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (f.action) where.push(`action LIKE ? ESCAPE '\\'`), args.push(`${f.action.replace(/[%_\\]/g, '\\$&')}%`);
    if (f.actor) where.push('(actor_name = ? OR actor_id = ?)'), args.push(f.actor, f.actor);
    if (f.target) where.push('target = ?'), args.push(f.target);
    if (f.from !== undefined) where.push('at >= ?'), args.push(f.from);
    if (f.to !== undefined) where.push('at < ?'), args.push(f.to);
    if (f.before !== undefined) where.push('seq < ?'), args.push(f.before);
    const text = `SELECT ${COLUMNS} FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    return this.sql.all(text, [...args, f.limit]);
  }

  async page(afterSeq: number, limit: number): Promise<AuditRow[]> {
    return this.sql.all(`SELECT ${COLUMNS} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`, [afterSeq, limit]);
  }

  async count(): Promise<number> {
    const r = await this.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM audit_log`);
    return Number(r?.n ?? 0);
  }
}
