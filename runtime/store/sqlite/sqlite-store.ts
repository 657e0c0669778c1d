import type Database from 'better-sqlite3';
import { Committer, type TransactionDriver } from '../committer.ts';
import { probeStore, storeDurability, type Db } from '../db.ts';
import { isDatabaseUnavailable } from '../unavailable.ts';
import { storeFailureOf, type StoreFailure } from '../store-failure.ts';
import type { Store, StoreDurability, StoreParts } from '../ports.ts';
import { createParts, PartsStore } from '../parts/index.ts';
import { SqliteSql } from './sqlite-sql.ts';
import type { FenceMemory } from '../sql.ts';

/**
 * Write transactions on the one SQLite connection. The committer runs one batch at a time and every
 * write goes through it, so a transaction open across awaits is never joined by another writer; the
 * parts inside it are the store's own (same connection).
 */
export function sqliteTransactions<P>(sqlite: Database.Database, parts: P, fences?: FenceMemory): TransactionDriver<P> {
  // The few statements of a transaction's frame (BEGIN, SAVEPOINT, RELEASE, COMMIT, the PRAGMA) run
  // once per write or batch: prepared once, not parsed again each time.
  const prepared = new Map<string, Database.Statement>();
  const run = (statement: string) => {
    let st = prepared.get(statement);
    if (!st) {
      st = sqlite.prepare(statement);
      prepared.set(statement, st);
    }
    st.run();
  };
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  return {
    begin() {
      run('BEGIN IMMEDIATE');
      // Read with the write lock held: no other connection commits until this transaction ends.
      fences?.begin(Number(dataVersion.get()));
      return { parts, exec: run, release() {} };
    },
    isUnavailable: isDatabaseUnavailable,
    failureOf: storeFailureOf,
  };
}

/** The embedded store: one better-sqlite3 connection, writes group-committed. */
export class SqliteStore extends PartsStore implements Store {
  readonly dialect = 'sqlite' as const;
  readonly sqlite: Database.Database;
  private readonly committer: Committer<StoreParts>;
  private readonly opened: StoreDurability;

  constructor(readonly db: Db) {
    const sql = new SqliteSql(db.$client);
    super(createParts(sql));
    this.sqlite = db.$client;
    // Inside a write, the parts are the store's own: one connection, one batch at a time.
    this.opened = storeDurability(this.sqlite);
    this.committer = new Committer<StoreParts>(sqliteTransactions<StoreParts>(this.sqlite, this, sql.fences));
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
    const failure = probeStore(this.sqlite, write);
    if (!failure && write) this.committer.clearStoreFailure();
    return failure;
  }

  async durability(): Promise<StoreDurability> {
    return this.opened;
  }

  oneAtATime<T>(_job: string, fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  async close(): Promise<void> {
    if (this.sqlite.open) this.sqlite.close();
  }
}
