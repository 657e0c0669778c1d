import type pg from 'pg';
import type { Check, Sql } from '../sql.ts';
import { bind, queryOf } from './postgres-sql.ts';
import { checkedText, executeText, refusedCheck, withValues } from './sql-text.ts';
import { PreparedStatements, prepareStatement, preparedName } from './prepared.ts';

interface Held {
  sql: string;
  check?: (changes: number) => void;
  /** The prepared statement `sql` executes, prepared in the same message when the connection lacks it. */
  prepared?: { name: string; text: string };
  /** A row to find and lock (lockRow), found with the others when the held statements are sent: no `sql` of its own. */
  lock?: RowLock;
}

interface RowLock {
  table: string;
  columns: readonly string[];
  values: readonly unknown[];
  refused: () => Error;
}

/** The setups (atEnd) each connection has committed. */
const setUpBy = new WeakMap<object, Set<string>>();

function setUpOn(connection: object): Set<string> {
  let s = setUpBy.get(connection);
  if (!s) {
    s = new Set();
    setUpBy.set(connection, s);
  }
  return s;
}

/**
 * One write transaction whose statements reach the server together. A write's `defer`red statements are
 * held, with their values written in (sql-text.ts), and sent — BEGIN first — as one message with the next
 * statement whose answer is needed: a read, the release of a write's savepoint, or COMMIT. A batch of
 * writes so costs one round trip whatever their number (two when a statement's rows must be checked
 * before COMMIT). A failure among the held statements, or a `check` refusing what one changed, is thrown
 * there; the committer then runs the batch again with a savepoint per write, where it fails only the
 * write it belongs to. Each statement text runs as a prepared statement of the connection (prepared.ts),
 * so the server parses and plans it once per connection rather than once per write.
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
  /** COMMIT was sent: should the connection break now, whether the transaction committed is unknown. */
  commitSent = false;
  /** The checks the server makes, by id (checkedText). */
  private readonly checks: Check[] = [];
  /** The batch runs one savepoint per write: each write's rows are locked by statements of its own. */
  private savepoints = false;

  private readonly prepared: PreparedStatements;
  /** Statements run just before COMMIT (atEnd), and the setups sent for them in this transaction. */
  private readonly ends = new Map<string, string>();
  private readonly setups = new Set<string>();

  constructor(
    private readonly client: Pick<pg.PoolClient, 'query'>,
    /** Told of every failure the server or the connection answers (a broken connection is not reused). */
    private readonly onError: (err: unknown) => void,
  ) {
    this.prepared = PreparedStatements.of(client);
  }

  async all<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.answer(text, params)).rows as T[];
  }

  async get<T>(text: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(text, params))[0];
  }

  async run(text: string, params: readonly unknown[] = []): Promise<{ changes: number }> {
    return { changes: (await this.answer(text, params)).rowCount ?? 0 };
  }

  async defer(text: string, params: readonly unknown[] = [], check?: Check): Promise<void> {
    // A check of one row count is made by the statement itself, so the batch may commit in the same message.
    const checked = check?.rows === undefined ? null : checkedText(text, check.rows);
    if (check && checked) {
      const id = this.checks.length;
      const held = this.statement(checked.text, checked.idFirst ? [id, ...params] : [...params, id]);
      if (held) {
        this.checks.push(check);
        this.held.push(held);
        return;
      }
    }
    const held = this.statement(text, params);
    if (held) {
      held.check = check;
      this.held.push(held);
      return;
    }
    const { changes } = await this.run(text, params);
    check?.(changes);
  }

  lockRow(table: string, columns: readonly string[], values: readonly unknown[], refused: () => Error): void {
    this.held.push({ sql: '', lock: { table, columns, values, refused } });
  }

  atEnd(end: string, setup: string): void {
    this.setUpFor(setup);
    this.ends.set(end, setup);
  }

  /** Sends `setup` unless this transaction or an earlier committed one on the connection has. */
  private setUpFor(setup: string): void {
    if (this.setups.has(setup) || setUpOn(this.client).has(setup)) return;
    this.setups.add(setup);
    this.held.push({ sql: setup });
  }

  /** A statement that steers the transaction: SAVEPOINT w, RELEASE w, ROLLBACK TO w, COMMIT, ROLLBACK. */
  async exec(statement: string): Promise<void> {
    if (statement.startsWith('SAVEPOINT ')) {
      this.savepoints = true;
      this.held.push({ sql: statement });
    } else if (statement.startsWith('RELEASE ')) {
      if (this.dropped) this.dropped = false;
      else {
        // The write's statements fail here, inside its savepoint, or not at all.
        await this.flush();
        this.held.push({ sql: statement });
      }
    } else if (statement.startsWith('ROLLBACK TO ')) {
      // A setup sent since may be undone: it is sent again when asked for.
      this.setups.clear();
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
        this.commitSent = true;
        const r = await this.query(statement);
        // A transaction aborted by a failure nobody heard of answers COMMIT with ROLLBACK.
        if (r.command !== 'COMMIT') throw new Error(`the transaction was not committed: COMMIT answered ${r.command}`);
        this.setUp();
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
   * The writes are done: sends the held statements, and COMMIT with them unless one has a check to make
   * on its answer (so before the transaction may commit) that the server could not make itself. A failure here is a write's, not the commit's: the
   * committer runs the batch again with a savepoint per write (a COMMIT that fails rolls back).
   */
  async finish(): Promise<void> {
    for (const [end, setup] of this.ends) {
      // A write rolled back to its savepoint may have undone the setup it sent: it is sent again.
      this.setUpFor(setup);
      const held = this.statement(end, []);
      this.held.push(held ?? { sql: end });
    }
    this.ends.clear();
    if (!this.begun && this.held.length === 1) this.held = [];
    if (this.held.length === 0 || this.held.some((h) => h.check)) return this.flush();
    this.commitSent = true;
    const r = await this.send({ sql: 'COMMIT' });
    this.committed = true;
    this.ended = true;
    if (r?.command !== 'COMMIT') throw new Error(`the transaction was not committed: COMMIT answered ${r?.command}`);
    this.setUp();
  }

  /** Committed: the setups sent stay on the connection (a rolled-back one is sent again next time). */
  private setUp(): void {
    for (const setup of this.setups) setUpOn(this.client).add(setup);
  }

  /** A statement whose answer is needed: sent behind the held ones, in the same message when it can be. */
  private async answer(text: string, params: readonly unknown[]): Promise<pg.QueryResult> {
    const last = this.statement(text, params);
    if (last) return (await this.send(last))!;
    await this.flush();
    return this.query(queryOf(text, params));
  }

  /**
   * `text` with its values written in: as the EXECUTE of its prepared statement, or written out while the
   * connection may or may not have that statement; null when the values cannot be written in.
   */
  private statement(text: string, params: readonly unknown[]): Held | null {
    const values = bind(params);
    const name = preparedName(text);
    if (name !== undefined && !this.prepared.unsure.has(name)) {
      const sql = executeText(name, text, values);
      if (sql !== null) return { sql, prepared: { name, text } };
    }
    const sql = withValues(text, values);
    return sql === null ? null : { sql };
  }

  /** The held statements, and `last` when given, as one message; answers `last`'s result. */
  private async send(last: Held | null): Promise<pg.QueryResult | undefined> {
    const held = this.lockHeldRows(this.held);
    this.held = [];
    if (!this.begun && this.prepared.unsure.size) await this.askPrepared();
    this.begun = true;
    if (last) held.push(last);
    const statements: string[] = [];
    /** Where each held statement's result is among the message's. */
    const at: number[] = [];
    const preparing: string[] = [];
    for (const h of held) {
      const p = h.prepared;
      if (p && !this.prepared.ready.has(p.name) && !preparing.includes(p.name)) {
        preparing.push(p.name);
        statements.push(prepareStatement(p.name, p.text));
      }
      at.push(statements.length);
      statements.push(h.sql);
    }
    let answered: pg.QueryResult | pg.QueryResult[];
    try {
      answered = await this.query(statements.join(';\n'));
    } catch (err) {
      // The statements before the failing one ran, their PREPAREs with them: which, the connection says later.
      for (const name of preparing) this.prepared.unsure.add(name);
      throw this.refusal(err) ?? err;
    }
    for (const name of preparing) this.prepared.ready.add(name);
    // One result per statement (node-postgres answers a single statement with the result itself).
    const results: pg.QueryResult[] = Array.isArray(answered) ? answered : [answered];
    const checked = last ? held.length - 1 : held.length;
    for (let i = 0; i < checked; i++) held[i].check?.(results[at[i]]?.rowCount ?? 0);
    return last ? results[at[at.length - 1]] : undefined;
  }

  /**
   * `held` with its rows to lock (lockRow) replaced, after the statements, by one checked SELECT … FOR SHARE
   * per table and columns (per row with savepoints): the rows of the writes in the batch are found and
   * locked at once, before the commit, as each would have been by a statement of its own.
   */
  private lockHeldRows(held: Held[]): Held[] {
    if (!held.some((h) => h.lock)) return held;
    const groups = new Map<string, RowLock[]>();
    const out: Held[] = [];
    for (const h of held) {
      if (!h.lock) out.push(h);
      else {
        const key = this.savepoints ? String(groups.size) : `${h.lock.table}(${h.lock.columns.join(',')})`;
        const group = groups.get(key);
        if (group) group.push(h.lock);
        else groups.set(key, [h.lock]);
      }
    }
    for (const locks of groups.values()) out.push(this.lockStatement(locks));
    return out;
  }

  /**
   * One statement finding and share-locking `locks`' rows (one table, the same columns), failing unless each
   * is found: by the first column (a key, so an index scan) among all the rows' keys, the others matched by
   * position. One text whatever the number of rows, so it is prepared once.
   */
  private lockStatement(locks: RowLock[]): Held {
    const { table, columns, refused } = locks[0];
    const rows = new Map<string, readonly unknown[]>();
    for (const l of locks) rows.set(JSON.stringify(l.values), l.values);
    const list = [...rows.values()];
    const array = (i: number) => textArray(list.map((values) => values[i]));
    const at = `array_position(CAST(? AS TEXT[]), ${columns[0]})`;
    const others = columns.slice(1).map((c) => ` AND ${c} = (CAST(? AS TEXT[]))[${at}]`);
    const text = `SELECT 1 FROM ${table} WHERE ${columns[0]} = ANY(CAST(? AS TEXT[]))${others.join('')} FOR SHARE`;
    const params = [array(0), ...columns.slice(1).flatMap((_, i) => [array(i + 1), array(0)])];
    // Two rows with one key and different other values cannot both be found: the batch then runs again.
    // The number to find is a value too, so every batch's statement is the one prepared.
    const checked = `SELECT CASE WHEN count(*) = CAST(? AS INTEGER) THEN 0
      ELSE CAST('weft-check ' || ? || ' ' || count(*) AS integer) END FROM (${text}) AS checked`;
    const check: Check = (found: number) => {
      if (found === rows.size) return;
      if (rows.size === 1) throw refused();
      throw new Error(`${rows.size - found} of ${rows.size} rows of ${table} to lock for the batch's writes are gone`);
    };
    const id = this.checks.length;
    this.checks.push(check);
    const held = this.statement(checked, [rows.size, id, ...params]);
    if (!held) throw new Error(`the rows of ${table} to lock cannot be written into a statement`);
    return held;
  }

  /** What the check the server refused throws, when `err` is such a refusal. */
  private refusal(err: unknown): unknown {
    const refused = refusedCheck(err);
    const check = refused ? this.checks[refused.id] : undefined;
    if (!refused || !check) return null;
    try {
      check(refused.rows);
    } catch (thrown) {
      return thrown;
    }
    return null;
  }

  /** Before the transaction begins: which of the statements a failed message may have prepared the connection has. */
  private async askPrepared(): Promise<void> {
    const r = await this.query({
      text: 'SELECT name FROM pg_prepared_statements WHERE name = ANY($1)',
      values: [[...this.prepared.unsure]],
    });
    this.prepared.settle(r.rows.map((row: { name: string }) => row.name));
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

/** A PostgreSQL array literal of texts (each quoted, so any text keeps its value), for CAST(? AS TEXT[]). */
export function textArray(values: readonly unknown[]): string {
  return `{${values.map((v) => `"${String(v).replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}
