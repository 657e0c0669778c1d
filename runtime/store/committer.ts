import type Database from 'better-sqlite3';
import { isStoreUnavailable, storeFailureOf, type StoreFailure } from './db.ts';

interface Pending {
  fn: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit: writes asked for during one turn of the event loop are
 * committed together in one SQLite transaction. Each write runs in its own
 * savepoint, so one failing write rejects only its own promise.
 */
export class Committer {
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly runBatch: (batch: Pending[]) => void;
  private readonly runBatchPlain: (batch: Pending[]) => void;
  /** Transactions committed and writes they held, for metrics. */
  readonly stats = { transactions: 0, writes: 0 };
  /**
   * Set when the last transaction failed because the database refuses writes (disk full, I/O error,
   * read-only) and nothing has been written since; cleared by the next write that commits, or by
   * clearStoreFailure() after a probe wrote.
   */
  storeFailure: StoreFailure | null = null;

  constructor(
    sqlite: Database.Database,
    private readonly maxBatch = 2000,
  ) {
    const savepointed = sqlite.transaction((fn: () => unknown) => fn());
    this.runBatchPlain = sqlite.transaction((batch: Pending[]) => {
      for (const p of batch) (p as Pending & { result?: unknown }).result = p.fn();
    });
    this.runBatch = sqlite.transaction((batch: Pending[]) => {
      for (const p of batch) {
        try {
          (p as Pending & { result?: unknown }).result = savepointed(p.fn);
        } catch (err) {
          (p as Pending & { error?: unknown }).error = err ?? new Error('write failed');
        }
      }
    });
  }

  /** Queues a write; resolves with its return value once the transaction holding it has committed. */
  write<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (this.queue.length >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits everything queued now. A write's function may run twice (after a rolled-back first try), so it must only write. */
  flush(): void {
    this.scheduled = false;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    try {
      // Writes rarely fail: try the whole batch without savepoints first; if one
      // throws, everything rolled back, and the batch runs again write by write.
      try {
        this.runBatchPlain(batch);
      } catch {
        this.runBatch(batch);
      }
    } catch (err) {
      if (isStoreUnavailable(err)) this.storeFailure = storeFailureOf(err);
      for (const p of batch) p.reject(err);
      return;
    }
    this.stats.transactions++;
    this.stats.writes += batch.length;
    const done = batch as (Pending & { result?: unknown; error?: unknown })[];
    if (done.some((p) => p.error === undefined)) this.storeFailure = null;
    else {
      const refused = done.find((p) => isStoreUnavailable(p.error));
      if (refused) this.storeFailure = storeFailureOf(refused.error);
    }
    for (const p of done) {
      if (p.error !== undefined) p.reject(p.error);
      else p.resolve(p.result);
    }
  }

  /** A probe wrote to the store: it takes writes again. */
  clearStoreFailure(): void {
    this.storeFailure = null;
  }
}
