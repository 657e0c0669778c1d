import type pg from 'pg';
import type { Sql } from '../sql.ts';

/** Where `text` has its n-th `?` placeholder outside quotes, as PostgreSQL's `$n`. Kept per text. */
const converted = new Map<string, string>();

export function toPostgresPlaceholders(text: string): string {
  let out = converted.get(text);
  if (out !== undefined) return out;
  let n = 0;
  let quote: string | null = null;
  out = '';
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else out += ch === '?' ? `$${++n}` : ch;
  }
  if (converted.size < 5000) converted.set(text, out);
  return out;
}

/** Values as node-postgres should send them: objects as JSON text (as SQLite gets them), undefined as NULL. */
function bind(params: readonly unknown[]): unknown[] {
  return params.map((v) => {
    if (v === undefined) return null;
    if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) return JSON.stringify(v);
    return v;
  });
}

/** Something that runs a query: the pool (each query on any free connection) or one transaction's client. */
type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

/** SQL on PostgreSQL through node-postgres. */
export class PostgresSql implements Sql {
  readonly dialect = 'postgres' as const;

  constructor(private readonly db: Queryable) {}

  async all<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    const r = await this.db.query(toPostgresPlaceholders(text), bind(params));
    return r.rows as T[];
  }

  async get<T>(text: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(text, params))[0];
  }

  async run(text: string, params: readonly unknown[] = []): Promise<{ changes: number }> {
    const r = await this.db.query(toPostgresPlaceholders(text), bind(params));
    return { changes: r.rowCount ?? 0 };
  }
}
