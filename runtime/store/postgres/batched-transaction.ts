import type pg from 'pg';
import type { Sql } from '../sql.ts';
import { bind, queryOf } from './postgres-sql.ts';
import { withValues } from './sql-text.ts';

interface Held {
  sql: string;
  check?: (changes: number) => void;
}

/**
 * One write transaction whose statements reach the server together. A write's `defer`red statements are
 * held, with their values written in (sql-text.ts), and sent — BEGIN first — as one message with the next
 * statement whose answer is needed: a read, the release of a write's savepoint, or COMMIT. A batch of
 * writes so costs one round trip whatever their number (two when a statement's rows must be checked
 * before COMMIT). A failure among the held statements, or a `check` refusing what one changed, is thrown
 * there; the committer then runs the batch again with a savepoint per write, where it fails only the
 * write it belongs to.
 */
export class BatchedTransaction implements Sql {
  readonly dialect = 'postgres' as const;
  private held: Held[] = [{ sql: 'BEGIN' }];
  /** Something reached the server: the transaction ends there, with COMMIT or ROLLBACK. */
  private begun = false;
  /** A savepoint rolled back before it reached the server: its release is not sent either. */
  private dropped = false;
  /** The transaction has ended (or never reached the server): the connection may serve another. */
  ended = false;
  /** COMMIT went with the last of the statements. */
  private committed = false;

  constructor(
    private readonly client: Pick<pg.PoolClient, 'query'>,
    /** Told of every failure the server or the connection answers (a broken connection is not reused). */
    private readonly onError: (err: unknown) => void,
  ) {}

  async all<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.answer(text, params)).rows as T[];
  }

  async get<T>(text: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(text, params))[0];
  }

  async run(text: string, params: readonly unknown[] = []): Promise<{ changes: number }> {
    return { changes: (await this.answer(text, params)).rowCount ?? 0 };
  }

  async defer(text: string, params: readonly unknown[] = [], check?: (changes: number) => void): Promise<void> {
    const sql = withValues(text, bind(params));
    if (sql !== null) {
      this.held.push({ sql, check });
      return;
    }
    const { changes } = await this.run(text, params);
    check?.(changes);
  }

  /** A statement that steers the transaction: SAVEPOINT w, RELEASE w, ROLLBACK TO w, COMMIT, ROLLBACK. */
  async exec(statement: string): Promise<void> {
    if (statement.startsWith('SAVEPOINT ')) this.held.push({ sql: statement });
    else if (statement.startsWith('RELEASE ')) {
      if (this.dropped) this.dropped = false;
      else {
        // The write's statements fail here, inside its savepoint, or not at all.
        await this.flush();
        this.held.push({ sql: statement });
      }
    } else if (statement.startsWith('ROLLBACK TO ')) {
      const name = statement.slice('ROLLBACK TO '.length);
      const at = this.held.findLastIndex((h) => h.sql === `SAVEPOINT ${name}`);
      if (at >= 0) {
        this.held.length = at;
        this.dropped = true;
      } else {
        // The savepoint reached the server: whatever is held came after it.
        this.held = [{ sql: statement }];
      }
    } else if (statement === 'COMMIT') {
      if (this.committed) return;
      await this.flush();
      if (this.begun) {
        const r = await this.query(statement);
        // A transaction aborted by a failure nobody heard of answers COMMIT with ROLLBACK.
        if (r.command !== 'COMMIT') throw new Error(`the transaction was not committed: COMMIT answered ${r.command}`);
      }
      this.ended = true;
    } else if (statement === 'ROLLBACK') {
      this.held = [];
      if (this.begun) await this.query(statement);
      this.ended = true;
    } else throw new Error(`not a statement that steers a transaction: ${statement}`);
  }

  /** Sends the held statements and waits for them; throws the first failure among them. */
  async flush(): Promise<void> {
    if (this.held.length) await this.send(null);
  }

  /**
   * The writes are done: sends the held statements, and COMMIT with them unless one has a check (made on
   * its answer, so before the transaction may commit). A failure here is a write's, not the commit's: the
   * committer runs the batch again with a savepoint per write (a COMMIT that fails rolls back).
   */
  async finish(): Promise<void> {
    if (!this.begun && this.held.length === 1) this.held = [];
    if (this.held.length === 0 || this.held.some((h) => h.check)) return this.flush();
    const r = await this.send('COMMIT');
    this.committed = true;
    this.ended = true;
    if (r?.command !== 'COMMIT') throw new Error(`the transaction was not committed: COMMIT answered ${r?.command}`);
  }

  /** A statement whose answer is needed: sent behind the held ones, in the same message when it can be. */
  private async answer(text: string, params: readonly unknown[]): Promise<pg.QueryResult> {
    const sql = withValues(text, bind(params));
    if (sql !== null) return (await this.send(sql))!;
    await this.flush();
    return this.query(queryOf(text, params));
  }

  /** The held statements, and `last` when given, as one message; answers `last`'s result. */
  private async send(last: string | null): Promise<pg.QueryResult | undefined> {
    const held = this.held;
    this.held = [];
    this.begun = true;
    const text = held.map((h) => h.sql);
    if (last !== null) text.push(last);
    const answered = await this.query(text.join(';\n'));
    // One result per statement (node-postgres answers a single statement with the result itself).
    const results: pg.QueryResult[] = Array.isArray(answered) ? answered : [answered];
    for (let i = 0; i < held.length; i++) held[i].check?.(results[i]?.rowCount ?? 0);
    return last === null ? undefined : results[results.length - 1];
  }

  private async query(q: string | pg.QueryConfig): Promise<pg.QueryResult> {
    try {
      return await this.client.query(q);
    } catch (err) {
      this.onError(err);
      throw err;
    }
  }
}
