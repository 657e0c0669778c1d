import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.ts';
import { convertToIncrementalVacuum, requestIncrementalVacuum, type AutoVacuumOptions } from './auto-vacuum.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

// Beside this file, or beside the bundled runtime in runtime/dist.
const here = dirname(fileURLToPath(import.meta.url));
const migrationsFolder = [join(here, 'migrations'), join(here, '../store/migrations')].find((d) => existsSync(join(d, 'meta/_journal.json'))) ?? join(here, 'migrations');

export interface OpenDbOptions {
  /** File path, or ':memory:' for a throwaway store. */
  file: string;
  /** 'normal' survives a killed process (WAL); 'full' also survives power loss, at a cost. */
  synchronous?: 'normal' | 'full';
  /** Converts an existing database to incremental auto-vacuum at open (new databases always get it). */
  autoVacuum?: AutoVacuumOptions;
}

/** Opens (and migrates) the embedded SQLite database. */
export function openDb(opts: OpenDbOptions): Db {
  if (opts.file !== ':memory:') mkdirSync(dirname(opts.file), { recursive: true });
  const sqlite = new Database(opts.file);
  // Before the journal mode or any table: decided when the database file is first written.
  requestIncrementalVacuum(sqlite);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${opts.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('cache_size = -32000');
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder });
  if (opts.autoVacuum && opts.file !== ':memory:') convertToIncrementalVacuum(sqlite, opts.autoVacuum);
  return db;
}
