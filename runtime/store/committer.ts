import { setTimeout as delay } from 'node:timers/promises';
import { markUnavailable, type StoreFailure } from './store-failure.ts';

/** One open transaction of a dialect: the parts bound to it and the statements that steer it. */
export interface OpenTransaction<P> {
  /** The store's parts, writing inside this transaction. */
  readonly parts: P;
  /** Runs a control statement: SAVEPOINT w, RELEASE w, ROLLBACK TO w, COMMIT, ROLLBACK. */
  exec(statement: string): void | Promise<void>;
  /**
   * The writes are done: sends what they held back (PostgreSQL), with the commit when nothing there waits to
   * be checked. A failure here is a write's, not the commit's: the batch runs again with savepoints.
   */
  flush?(): Promise<void>;
  /**
   * Whether COMMIT may have reached the server (PostgreSQL): a connection that breaks after that leaves
   * the outcome unknown, so the batch is not run again; the writes fail, and their runs go on from what
   * the store holds.
   */
  commitSent?(): boolean;
  /** The transaction ended (committed or rolled back): gives its connection back. */
  release(): void;
}

/** How one dialect opens a write transaction and recognises an unusable database. */
export interface TransactionDriver<P> {
  begin(): OpenTransaction<P> | Promise<OpenTransaction<P>>;
  /** Whether `err` says the database refuses reads or writes at all, not that one write was wrong. */
  isUnavailable(err: unknown): boolean;
  failureOf(err: unknown): StoreFailure;
  /** Whether `err` says the transaction lost to a concurrent one (a deadlock): the batch is run again. */
  isConflict?(err: unknown): boolean;
  /**
   * A batch whose transaction met an unusable database before its COMMIT was sent (a connection cut, the
   * server restarting) is run again after each of these waits in turn, on a connection begin() opens anew;
   * when the last has passed, its writes fail. None: they fail at once (SQLite, whose busy timeout waits).
   */
  reconnectDelaysMs?: readonly number[];
}

/** Transactions committed and the writes they held; `observe`, when set, is told of each transaction (metrics). */
export interface CommitStats {
  transactions: number;
  writes: number;
  /** A transaction of `writes` writes committed, `ms` after it began (tries again after a conflict included). */
  observe?: (writes: number, ms: number) => void;
}

export interface CommitterOptions {
  /** Most writes in one transaction. */
  maxBatch?: number;
  /** Transactions open at once (SQLite: 1, its single writer; PostgreSQL: a few, each on its own connection). */
  concurrency?: number;
}

/** A batch's transaction: committed (durably: COMMIT returns once the store has it), or failed. */
type Committed = { ok: true } | { ok: false; err: unknown };

/** Times a batch that lost to a concurrent transaction (deadlock) is run again before its writes fail. */
const CONFLICT_RETRIES = 5;

/** A write of a store: reads and writes through the parts it is given, inside the group's transaction. */
export type WriteFn<P, T> = (tx: P) => T | Promise<T>;

interface Pending<P> {
  fn: WriteFn<P, unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  result?: unknown;
  error?: unknown;
}

const isPromise = (v: unknown): v is Promise<unknown> => typeof (v as Promise<unknown> | null)?.then === 'function';

/**
 * Group commit: writes asked for during one turn of the event loop share one transaction. The batch runs
 * first without savepoints; if a write throws, everything is rolled back and the batch runs again with a
 * savepoint per write, so a failing write rejects only its own promise. At most `concurrency` batches at
 * a time (SQLite: one; the next starts when the last has ended); a batch that deadlocked with another
 * runs again whole.
 */
export class Committer<P> {
  private queue: Pending<P>[] = [];
  private scheduled = false;
  private running = 0;
  private readonly maxBatch: number;
  private readonly concurrency: number;
  /** Transactions committed and writes they held, for metrics. */
  readonly stats: CommitStats = { transactions: 0, writes: 0 };
  /**
   * Set when the last transaction failed because the database refuses writes (disk full, I/O error,
   * read-only, unreachable) and nothing has been written since; cleared by the next write that commits,
   * or by clearStoreFailure() after a probe wrote.
   */
  storeFailure: StoreFailure | null = null;

  constructor(
    private readonly driver: TransactionDriver<P>,
    o: CommitterOptions = {},
  ) {
    this.maxBatch = o.maxBatch ?? 2000;
    this.concurrency = Math.max(1, o.concurrency ?? 1);
  }

  /** Queues a write; resolves with its return value once the transaction holding it has committed. */
  write<T>(fn: WriteFn<P, T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Whether writes are queued or a batch is being committed. */
  get busy(): boolean {
    return this.running > 0 || this.queue.length > 0;
  }

  /** A probe wrote to the store: it takes writes again. */
  clearStoreFailure(): void {
    this.storeFailure = null;
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.concurrency) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.running >= this.concurrency || this.queue.length === 0) return;
    this.running++;
    const batch = this.queue.splice(0, this.maxBatch);
    const began = performance.now();
    let committed: Committed;
    try {
      committed = await this.commit(batch);
    } finally {
      this.running--;
      if (this.queue.length) this.schedule();
    }
    this.settle(batch, committed, began);
  }

  /**
   * Runs the batch's transaction up to its COMMIT; a failure is returned, not thrown. A deadlock runs it
   * again at once; an unusable database before COMMIT was sent, after the driver's next reconnect delay.
   */
  private async commit(batch: Pending<P>[]): Promise<Committed> {
    let reconnects = 0;
    for (let tries = 1; ; tries++) {
      const sent = { commit: false };
      try {
        if (!(await this.attempt(batch, false, sent))) await this.attempt(batch, true, sent);
        return { ok: true };
      } catch (err) {
        if (tries <= CONFLICT_RETRIES && this.driver.isConflict?.(err)) continue;
        const wait = this.driver.reconnectDelaysMs?.[reconnects];
        if (wait === undefined || sent.commit || !this.driver.isUnavailable(err)) return { ok: false, err };
        reconnects++;
        await delay(wait);
      }
    }
  }

  /** Answers every write of the batch: with its result or error once committed, or with the commit's failure. */
  private settle(batch: Pending<P>[], committed: Committed, began: number): void {
    if (!committed.ok) {
      const { err } = committed;
      if (this.driver.isUnavailable(err)) {
        this.storeFailure = this.driver.failureOf(err);
        // Every write of the batch is rejected for it: none of them was wrong (unavailableFailure says so).
        markUnavailable(err, this.storeFailure);
      }
      for (const p of batch) p.reject(err);
      return;
    }
    this.stats.transactions++;
    this.stats.writes += batch.length;
    this.stats.observe?.(batch.length, performance.now() - began);
    if (batch.some((p) => p.error === undefined)) this.storeFailure = null;
    else {
      const refused = batch.find((p) => this.driver.isUnavailable(p.error));
      if (refused) this.storeFailure = this.driver.failureOf(refused.error);
    }
    for (const p of batch) {
      if (p.error !== undefined) p.reject(p.error);
      else p.resolve(p.result);
    }
  }

  /**
   * One transaction over the batch. Without savepoints, a throwing write rolls everything back and
   * answers false (to be tried again with them); with savepoints, each write's failure is kept as its own.
   */
  private async attempt(batch: Pending<P>[], savepoints: boolean, sent: { commit: boolean }): Promise<boolean> {
    const tx = await this.driver.begin();
    let committing = false;
    try {
      for (const p of batch) {
        p.error = undefined;
        if (!savepoints) {
          const r = p.fn(tx.parts);
          p.result = isPromise(r) ? await r : r;
          continue;
        }
        await tx.exec('SAVEPOINT w');
        try {
          const r = p.fn(tx.parts);
          p.result = isPromise(r) ? await r : r;
          await tx.exec('RELEASE w');
        } catch (err) {
          // A database that refuses writes fails the whole batch (its transaction may be gone already); a
          // batch that lost to a concurrent one runs again whole.
          if (this.driver.isUnavailable(err) || this.driver.isConflict?.(err)) throw err;
          p.error = err ?? new Error('write failed');
          await tx.exec('ROLLBACK TO w');
          await tx.exec('RELEASE w');
        }
      }
      if (tx.flush) await tx.flush();
      committing = true;
      await tx.exec('COMMIT');
      return true;
    } catch (err) {
      sent.commit = committing || tx.commitSent?.() === true;
      await rollback(tx);
      if (!committing && !savepoints && !this.driver.isUnavailable(err) && !this.driver.isConflict?.(err)) return false;
      throw err;
    } finally {
      tx.release();
    }
  }
}

async function rollback(tx: OpenTransaction<unknown>): Promise<void> {
  try {
    await tx.exec('ROLLBACK');
  } catch {
    // The transaction is gone already (the connection broke): nothing to undo.
  }
}
