import type { Dialect } from './ports.ts';

/**
 * The one way the store's parts talk to their database: SQL text with `?` placeholders and its values.
 * Each dialect implements it (sqlite/sqlite-sql.ts, postgres/postgres-sql.ts), so a part is written once
 * in the SQL both understand, and asks `dialect` where they differ.
 */
export interface Sql {
  readonly dialect: Dialect;
  all<T>(text: string, params?: readonly unknown[]): Promise<T[]>;
  get<T>(text: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** Rows changed. */
  run(text: string, params?: readonly unknown[]): Promise<{ changes: number }>;
  /**
   * A statement whose answer the write does not wait for. Inside a PostgreSQL write it is held and sent
   * with the next statement whose answer is needed (a read, the commit), so a batch's statements reach the
   * server together; its failure, or `check`'s (given the rows it changed, or a SELECT's rows, and throwing
   * when they are not what the write needs), fails the write there, and still rejects only that write
   * (committer.ts). Elsewhere, and on SQLite, it runs there and then.
   */
  defer(text: string, params?: readonly unknown[], check?: Check): Promise<void>;
  /**
   * PostgreSQL write transactions only: `end` runs once at the end of the transaction, after every write's
   * statements and just before COMMIT, however many writes ask for it (in the order first asked). `setup`
   * (idempotent: CREATE TEMP TABLE IF NOT EXISTS) is sent now, before the caller's next statement, until a
   * transaction that sent it on the connection has committed.
   */
  atEnd?(end: string, setup: string): void;
  /**
   * PostgreSQL write transactions only: the row of `table` whose `columns` hold `values` must exist, and is
   * share-locked until the transaction ends. The transaction's rows to lock in one table by the same columns
   * are found by one statement, sent with the next statement whose answer is needed (or COMMIT); a row
   * missing fails the write with `refused()` (with several writes' rows, the batch, whose writes then run
   * again one savepoint each, where each finds its own).
   */
  lockRow?(table: string, columns: readonly string[], values: readonly unknown[], refused: () => Error): void;
  /**
   * SQLite: fences (RunStore.fence) that need no read. A run found held by a worker stays held by it until a
   * claim on this connection (`ownerChanged`) or a commit of another connection (another process) to the
   * database; within those bounds the fence is answered from memory.
   */
  fences?: FenceMemory;
}

/**
 * Runs found held by a worker, remembered while nothing could have changed their owner and until they end,
 * so that an entry lives about as long as its run (an entry kept past it would be old garbage to collect).
 */
export class FenceMemory {
  private readonly held = new Map<string, string>();
  private version = -1;

  /** At the start of a write transaction: what other connections committed since (PRAGMA data_version). */
  begin(dataVersion: number): void {
    if (dataVersion !== this.version) this.held.clear();
    this.version = dataVersion;
  }

  isHeld(runId: string, owner: string): boolean {
    return this.held.get(runId) === owner;
  }

  found(runId: string, owner: string): void {
    if (this.held.size >= 10_000) this.held.clear();
    this.held.set(runId, owner);
  }

  /** A statement on this connection changed which worker holds `runId`, or the run ended: a fence reads it again. */
  ownerChanged(runId: string): void {
    this.held.delete(runId);
  }
}

/** How a deferred statement's answer is checked: given the rows it changed (or a SELECT's), it throws when they are not what the write needs. */
export type Check = ((changes: number) => void) & {
  /** The one count the check accepts, when it is that simple: PostgreSQL then checks on the server (expectRows). */
  readonly rows?: number;
};

/**
 * A check that accepts exactly `rows` rows and fails the write with `refused()` otherwise. PostgreSQL makes
 * it on the server, so a batch holding it still goes with its COMMIT as one message.
 */
export function expectRows(rows: number, refused: () => Error): Check {
  return Object.assign(
    (changes: number) => {
      if (changes !== rows) throw refused();
    },
    { rows },
  );
}

/** A JSON column as either dialect returns it (SQLite: text; PostgreSQL: text, or the value for json/jsonb). */
export function jsonValue<T = unknown>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

/** A boolean column as either dialect returns it (SQLite: 0/1; PostgreSQL: true/false). */
export function boolValue(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 't';
}
