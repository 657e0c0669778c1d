import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.ts';
import { storeFailureOf, type StoreFailure } from './store-failure.ts';
import type { StoreDurability } from './ports.ts';
import { SYNC_LEVELS } from './durability.ts';

export { describeDurability } from './durability.ts';

export { storeFailureOf, type StoreFailure };
import { convertToIncrementalVacuum, requestIncrementalVacuum, type AutoVacuumOptions } from './auto-vacuum.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

// Beside this file, or beside the bundled runtime in runtime/dist.
const here = dirname(fileURLToPath(import.meta.url));
export const migrationsFolder =
  [join(here, 'migrations'), join(here, '../store/migrations')].find((d) =>
    existsSync(join(d, 'meta/_journal.json')),
  ) ?? join(here, 'migrations');

export interface OpenDbOptions {
  /** File path, or ':memory:' for a throwaway store. */
  file: string;
  /** 'full' (default): every commit is flushed to disk before it returns, so it survives power loss or an OS crash; 'normal' (WAL) survives a killed process only. */
  synchronous?: 'normal' | 'full';
  /** Converts an existing database to incremental auto-vacuum at open (new databases always get it). */
  autoVacuum?: AutoVacuumOptions;
}

/** The migrated schema of an in-memory store, built once per process; each new ':memory:' store starts as a copy of it. */
let migratedInMemory: Buffer | null = null;

function newInMemory(): Database.Database {
  if (!migratedInMemory) {
    const blank = new Database(':memory:');
    requestIncrementalVacuum(blank);
    migrate(drizzle(blank, { schema }), { migrationsFolder });
    migratedInMemory = blank.serialize();
    blank.close();
  }
  return new Database(migratedInMemory);
}

/** Opens (and migrates) the embedded SQLite database. */
export function openDb(opts: OpenDbOptions): Db {
  if (opts.file !== ':memory:') mkdirSync(dirname(opts.file), { recursive: true });
  const sqlite = opts.file === ':memory:' ? newInMemory() : new Database(opts.file);
  // Before the journal mode or any table: decided when the database file is first written.
  requestIncrementalVacuum(sqlite);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${opts.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('temp_store = MEMORY');
  // 8 MB of pages: what the write path touches (the right edges of the tables and indexes) stays cached;
  // the rest comes from the OS's file cache. A larger cache only adds to the process's resident memory.
  sqlite.pragma('cache_size = -8000');
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder });
  if (opts.autoVacuum && opts.file !== ':memory:') convertToIncrementalVacuum(sqlite, opts.autoVacuum);
  return db;
}

export function storeDurability(sqlite: Database.Database): StoreDurability {
  const level = Number(sqlite.pragma('synchronous', { simple: true }));
  return { dialect: 'sqlite', synchronous: SYNC_LEVELS[level] ?? 'off' };
}

/**
 * Probes the store: a cheap read and, with `write`, one write transaction that changes nothing
 * (user_version set to its own value, still a real commit of the header page). Null when it works;
 * any error (a busy lock past the timeout as much as a full disk) is a failure.
 */
export function probeStore(sqlite: Database.Database, write: boolean): StoreFailure | null {
  try {
    sqlite.prepare('SELECT 1 FROM workers LIMIT 1').get();
    if (write) sqlite.pragma(`user_version = ${Number(sqlite.pragma('user_version', { simple: true }))}`);
    return null;
  } catch (err) {
    return storeFailureOf(err);
  }
}
