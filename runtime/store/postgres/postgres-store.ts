import type pg from 'pg';
import { Committer, type OpenTransaction, type TransactionDriver } from '../committer.ts';
import { storeFailureOf, type StoreFailure } from '../store-failure.ts';
import { isDatabaseUnavailable } from '../unavailable.ts';
import type { Store, StoreDurability, StoreParts } from '../ports.ts';
import type { Sql } from '../sql.ts';
import { PostgresSql } from './postgres-sql.ts';
import { BatchedTransaction } from './batched-transaction.ts';
import { createParts, PartsStore } from '../parts/index.ts';

/**
 * Waits before a batch cut off from the server before its COMMIT is run again on a new connection: a
 * terminated backend or a reset connection is over at once, a restarting server within a second or so.
 */
const RECONNECT_DELAYS_MS = [25, 100, 400] as const;

/**
 * Write transactions on a connection of the pool, with the parts bound to it. The statements of a batch
 * reach the server together (batched-transaction.ts), BEGIN with the first of them.
 */
export function postgresTransactions<P>(pool: pg.Pool, partsFor: (sql: Sql) => P): TransactionDriver<P> {
  return {
    async begin(): Promise<OpenTransaction<P>> {
      const client = await pool.connect();
      let broken: Error | undefined;
      // The server may end the session between two statements (backend terminated, transaction idle too
      // long): the error is kept, and the connection is not given back to the pool.
      const ended = (err: Error) => {
        broken = err;
      };
      client.on('error', ended);
      const tx = new BatchedTransaction(client, (err) => {
        if (isDatabaseUnavailable(err)) broken = err as Error;
      });
      return {
        parts: partsFor(tx),
        exec: (statement) => tx.exec(statement),
        flush: () => tx.finish(),
        commitSent: () => tx.commitSent,
        release: () => {
          client.removeListener('error', ended);
          // A connection left inside a transaction (its ROLLBACK failed) is closed rather than reused.
          client.release(broken ?? (tx.ended ? undefined : new Error('the transaction did not end')));
        },
      };
    },
    isUnavailable: isDatabaseUnavailable,
    failureOf: storeFailureOf,
    reconnectDelaysMs: RECONNECT_DELAYS_MS,
    // deadlock_detected, serialization_failure
    isConflict: (err) => ['40P01', '40001'].includes(String((err as { code?: unknown } | null)?.code)),
  };
}

/** The cluster store: a pool of PostgreSQL connections shared by any number of processes' engines. */
export class PostgresStore extends PartsStore implements Store {
  readonly dialect = 'postgres' as const;
  private readonly committer: Committer<StoreParts>;

  /**
   * `commits`: write transactions open at once, each on a connection of its own (at most half the pool,
   * the rest stay for reads). One (the default) lets the writes that arrive while it commits gather into
   * the next batch: fewer, larger transactions, which cost both sides far more than their statements (on
   * the benchmark's 2-core machine, one process made 13% more runs per second with one than with two,
   * and two processes on one database 22% more). More suit a database server with cores to spare, or
   * one far away, where a transaction waits long for its flush or a lock.
   */
  constructor(
    readonly pool: pg.Pool,
    commits = 1,
  ) {
    super(createParts(new PostgresSql(pool)));
    this.committer = new Committer(postgresTransactions(pool, createParts), {
      concurrency: Math.max(1, Math.min(commits, Math.floor(pool.options.max / 2))),
    });
  }

  write<T>(fn: (tx: StoreParts) => T | Promise<T>): Promise<T> {
    return this.committer.write(fn);
  }

  get commits() {
    return this.committer.stats;
  }

  get failure(): StoreFailure | null {
    return this.committer.storeFailure;
  }

  async probe(write: boolean): Promise<StoreFailure | null> {
    try {
      await this.pool.query('SELECT 1');
      if (write) {
        await this.probeWrite();
        this.committer.clearStoreFailure();
      }
      return null;
    } catch (err) {
      return storeFailureOf(err);
    }
  }

  /**
   * A real commit that changes nothing: the database takes writes (not read-only — an UPDATE of no row is
   * refused there, a transaction id is not — and not out of space for WAL). On a client of its own, rolled
   * back on failure, so no connection goes back to the pool inside a failed transaction.
   */
  private async probeWrite(): Promise<void> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    const ended = (err: Error) => {
      broken = err;
    };
    // The session ended by the server between two statements: kept here, not thrown as an unhandled 'error'.
    client.on('error', ended);
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_current_xact_id()');
      await client.query('UPDATE workers SET id = id WHERE FALSE');
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch((e: Error) => {
        broken = e;
      });
      throw err;
    } finally {
      client.removeListener('error', ended);
      client.release(broken);
    }
  }

  async durability(): Promise<StoreDurability> {
    const r = await this.pool.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
    return { dialect: 'postgres', synchronous: r.rows[0].synchronous_commit };
  }

  async oneAtATime<T>(job: string, fn: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const key = `weft.job.${job}`;
    let broken: Error | undefined;
    const ended = (err: Error) => {
      broken = err;
    };
    // The session ended by the server while the job runs: kept here, not thrown as an unhandled 'error'.
    client.on('error', ended);
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
      try {
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch((err: Error) => {
          // The connection broke: the server released the lock with the session.
          broken = err;
        });
      }
    } finally {
      client.removeListener('error', ended);
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
