import type pg from 'pg';
import { Committer, type OpenTransaction, type TransactionDriver } from '../committer.ts';
import { storeFailureOf, type StoreFailure } from '../store-failure.ts';
import type { Store, StoreDurability, StoreParts } from '../ports.ts';
import type { Sql } from '../sql.ts';
import { PostgresSql } from './postgres-sql.ts';
import { createParts, PartsStore } from '../parts/index.ts';

/** SQLSTATE classes and codes that say the database cannot be used now, not that one statement was wrong. */
const UNAVAILABLE_STATE = /^(08|53|57P)|^25006$/;
const UNAVAILABLE_NODE = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH|ENETUNREACH)$/;

/** Whether `err` says PostgreSQL is unreachable or refuses work (shutdown, connections cut, disk full, read-only). */
export function isPostgresUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (UNAVAILABLE_STATE.test(code) || UNAVAILABLE_NODE.test(code)) return true;
  const message = String(e?.message ?? '');
  return /Connection terminated|connection timeout|Client has encountered a connection error|not queryable/i.test(
    message,
  );
}

/** Write transactions on a connection of the pool, with the parts bound to it. */
function postgresTransactions(pool: pg.Pool, partsFor: (sql: Sql) => StoreParts): TransactionDriver<StoreParts> {
  return {
    async begin(): Promise<OpenTransaction<StoreParts>> {
      const client = await pool.connect();
      let broken: Error | undefined;
      const exec = async (statement: string) => {
        try {
          await client.query(statement);
        } catch (err) {
          if (isPostgresUnavailable(err)) broken = err as Error;
          throw err;
        }
      };
      try {
        await exec('BEGIN');
      } catch (err) {
        client.release(broken ?? true);
        throw err;
      }
      return { parts: partsFor(new PostgresSql(client)), exec, release: () => client.release(broken) };
    },
    isUnavailable: isPostgresUnavailable,
    failureOf: storeFailureOf,
  };
}

/** The cluster store: a pool of PostgreSQL connections shared by any number of processes' engines. */
export class PostgresStore extends PartsStore implements Store {
  readonly dialect = 'postgres' as const;
  private readonly committer: Committer<StoreParts>;

  constructor(readonly pool: pg.Pool) {
    super(createParts(new PostgresSql(pool)));
    this.committer = new Committer(postgresTransactions(pool, createParts));
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
        // A real commit that changes nothing: the database takes writes (not read-only, not out of space for WAL).
        await this.pool.query('BEGIN; SELECT pg_current_xact_id(); COMMIT');
        this.committer.clearStoreFailure();
      }
      return null;
    } catch (err) {
      return storeFailureOf(err);
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
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
