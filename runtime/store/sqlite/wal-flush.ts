import type Database from 'better-sqlite3';
import { closeSync, fdatasync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Flushes a SQLite database's write-ahead log to disk on libuv's thread pool instead of the event loop.
 *
 * With synchronous=full, SQLite flushes the WAL inside every COMMIT, holding the event loop for the whole
 * disk flush. A group commit instead commits with synchronous=normal (the WAL is written, not yet flushed)
 * and answers its writes only once `flush()` has made the WAL durable: the same guarantee, a commit that
 * was answered survives a power cut, while the next batch is built and committed during the flush.
 * fdatasync on any descriptor of the file flushes every write made to it before the call.
 */
export class WalFlush {
  private fd: number | null = null;
  private last: Promise<void> = Promise.resolve();

  private constructor(private readonly path: string) {}

  /** For a file database in WAL mode with synchronous=full; null otherwise (memory, or a weaker setting). */
  static of(sqlite: Database.Database): WalFlush | null {
    if (sqlite.memory || sqlite.name === '' || sqlite.name === ':memory:') return null;
    const mode = String(sqlite.pragma('journal_mode', { simple: true })).toLowerCase();
    const sync = Number(sqlite.pragma('synchronous', { simple: true }));
    if (mode !== 'wal' || sync < 2) return null;
    return new WalFlush(`${sqlite.name}-wal`);
  }

  /**
   * Resolves once everything committed so far is on disk, and never before an earlier flush: answers
   * go out in commit order. A failed flush rejects (the commit may not survive a power cut).
   */
  flush(): Promise<void> {
    let fd: number;
    try {
      fd = this.descriptor();
    } catch (err) {
      return Promise.reject(ioError(err));
    }
    const synced = new Promise<void>((resolve, reject) =>
      fdatasync(fd, (err) => (err ? reject(ioError(err)) : resolve())),
    );
    const previous = this.last;
    const done = synced.then(() => previous);
    this.last = done.catch(() => {});
    return done;
  }

  /** Closes the WAL's descriptor once the flushes under way have ended. */
  async close(): Promise<void> {
    await this.last;
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  /** The WAL exists from the first commit on; its directory entry is flushed once, when it is first opened. */
  private descriptor(): number {
    if (this.fd !== null) return this.fd;
    this.fd = openSync(this.path, 'r+');
    const dir = openSync(dirname(this.path), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
    return this.fd;
  }
}

/** A failed flush as the store's unavailable-disk error, so the writes waiting on it fail as the store's. */
function ioError(err: unknown): Error {
  const e = err as NodeJS.ErrnoException;
  const wrapped = new Error(`the write-ahead log could not be flushed to disk: ${e.message}`) as NodeJS.ErrnoException;
  wrapped.code = 'SQLITE_IOERR_FSYNC';
  wrapped.cause = err;
  return wrapped;
}
