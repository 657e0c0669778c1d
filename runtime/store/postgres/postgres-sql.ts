import type pg from 'pg';
import type { Sql } from '../sql.ts';
import { toPostgresPlaceholders } from './sql-text.ts';

/** Values as node-postgres should send them: objects as JSON text (as SQLite gets them), undefined as NULL. */
export function bind(params: readonly unknown[]): unknown[] {
  return params.map((v) => {
    if (v === undefined) return null;
    if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) return JSON.stringify(v);
    return v;
  });
}

/** The query node-postgres sends for `text` with `params`. */
export function queryOf(text: string, params: readonly unknown[]): pg.QueryConfig {
  return { text: toPostgresPlaceholders(text), values: bind(params) };
}

/** Something that runs a query: the pool (each query on any free connection) or one client. */
type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

/** SQL on PostgreSQL through node-postgres: each statement waited for (write transactions: batched-transaction.ts). */
export class PostgresSql implements Sql {
  readonly dialect = 'postgres' as const;

  constructor(private readonly db: Queryable) {}

  async all<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    const r = await this.db.query(queryOf(text, params));
    return r.rows as T[];
  }

  async get<T>(text: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(text, params))[0];
  }

  async run(text: string, params: readonly unknown[] = []): Promise<{ changes: number }> {
    const r = await this.db.query(queryOf(text, params));
    return { changes: r.rowCount ?? 0 };
  }

  async defer(text: string, params: readonly unknown[] = [], check?: (changes: number) => void): Promise<void> {
    const { changes } = await this.run(text, params);
    check?.(changes);
  }
}
