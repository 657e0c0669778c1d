import type Database from 'better-sqlite3';
import { FenceMemory, type Sql } from '../sql.ts';

type Param = string | number | bigint | Buffer | null;

const DONE: Promise<void> = Promise.resolve();

/** Values as better-sqlite3 binds them: booleans as 0/1, undefined as NULL, objects as JSON text. */
function bind(params: readonly unknown[]): Param[] {
  return params.map((v) => {
    if (v === undefined || v === null) return null;
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v === 'object' && !Buffer.isBuffer(v)) return JSON.stringify(v);
    return v as Param;
  });
}

/** SQL on one better-sqlite3 connection; each text is prepared once and kept. */
export class SqliteSql implements Sql {
  readonly dialect = 'sqlite' as const;
  private readonly prepared = new Map<string, Database.Statement>();
  readonly fences = new FenceMemory();

  constructor(readonly sqlite: Database.Database) {}

  statement(text: string): Database.Statement {
    let s = this.prepared.get(text);
    if (!s) {
      s = this.sqlite.prepare(text);
      this.prepared.set(text, s);
    }
    return s;
  }

  async all<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.statement(text).all(bind(params)) as T[];
  }

  async get<T>(text: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return this.statement(text).get(bind(params)) as T | undefined;
  }

  async run(text: string, params: readonly unknown[] = []): Promise<{ changes: number }> {
    return { changes: this.statement(text).run(bind(params)).changes };
  }

  defer(text: string, params: readonly unknown[] = [], check?: (changes: number) => void): Promise<void> {
    // Runs at once; the answer is one settled promise shared by every statement that succeeds (the write
    // path sends several per step), a rejected one for a statement that fails.
    try {
      const s = this.statement(text);
      // A SELECT (a check that rows exist, a lock) counts the rows it answers.
      const changes = s.reader ? s.all(bind(params)).length : s.run(bind(params)).changes;
      check?.(changes);
      return DONE;
    } catch (err) {
      return Promise.reject(err);
    }
  }
}
