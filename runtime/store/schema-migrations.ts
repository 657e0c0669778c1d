import type Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrationsFolder } from './db.ts';

/** One migration this version of Weft ships: its name and the time drizzle records when it is applied. */
export interface KnownMigration {
  tag: string;
  when: number;
}

/** Where a database stands against the migrations this version ships. */
export interface MigrationStatus {
  /** Migrations recorded in the database. */
  applied: number;
  /** Those this version would apply, in order. */
  pending: string[];
  /** The database was migrated by a newer version of Weft (a migration later than any this version knows). */
  newer: boolean;
}

/** The migrations this version ships, in the order they apply. */
export function knownMigrationList(): KnownMigration[] {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
    entries: KnownMigration[];
  };
  return journal.entries.map(({ tag, when }) => ({ tag, when }));
}

/**
 * Compares the database with the migrations shipped. drizzle applies, in order, every migration later
 * than the last one recorded in `__drizzle_migrations`; the same rule tells which are pending.
 */
export function migrationStatus(sqlite: Database.Database): MigrationStatus {
  const known = knownMigrationList();
  const hasTable = sqlite
    .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'`)
    .pluck()
    .get();
  if (!hasTable) return { applied: 0, pending: known.map((m) => m.tag), newer: false };
  const row = sqlite.prepare('SELECT COUNT(*) AS n, MAX(created_at) AS last FROM __drizzle_migrations').get() as {
    n: number;
    last: number | null;
  };
  const last = row.last ?? -1;
  return {
    applied: row.n,
    pending: known.filter((m) => m.when > last).map((m) => m.tag),
    newer: known.length > 0 && last > known[known.length - 1]!.when,
  };
}
