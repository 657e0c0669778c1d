import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrationsFolder } from '../../runtime/store/db.ts';

/**
 * A copy of the migrations folder in `dir` that stops before the migration `tag`, as an older Weft
 * shipped it; returns its path.
 */
export function migrationsBefore(dir: string, tag: string): string {
  const before = join(dir, 'migrations-before');
  cpSync(migrationsFolder, before, { recursive: true });
  const journalFile = join(before, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  if (at < 1) throw new Error(`no migration "${tag}" after the first in ${migrationsFolder}`);
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  return before;
}

/** Opens `file` as a database migrated by the migrations before `tag` (made in `dir`), without foreign keys enforced. */
export function olderDatabase(dir: string, file: string, tag: string): Database.Database {
  const db = new Database(file);
  migrate(drizzle(db), { migrationsFolder: migrationsBefore(dir, tag) });
  return db;
}
