import Database from 'better-sqlite3';
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { sqliteAuditLog } from './sqlite/sqlite-audit.ts';
import { migrationsFolder } from './db.ts';

/** What a Weft database holds, as `weft backup` and `weft restore` print it. */
export interface DatabaseSummary {
  flows: number;
  versions: number;
  runs: number;
  steps: number;
  connections: number;
  auditEntries: number;
  /** Hash of the audit log's last entry (64 zeros for an empty log); null when the chain is broken. */
  auditLastHash: string | null;
  /** Why the audit chain does not verify; null when it does. */
  auditProblem: string | null;
  /** Ids of the keys the stored connection secrets are sealed with (see `weft secrets rotate`). */
  secretKeyIds: string[];
  /** Migrations applied to the database. */
  migrations: number;
}

/** A file that cannot be used as a Weft backup; the message says why. */
export class NotAWeftBackupError extends Error {
  readonly code = 'not_a_weft_backup';
}

const SQLITE_HEADER = 'SQLite format 3\u0000';
/** Tables every Weft database has; a SQLite file without them is not one. */
const WEFT_TABLES = [
  '__drizzle_migrations',
  'flows',
  'flow_versions',
  'runs',
  'steps',
  'audit_log',
  'connections',
  'workers',
];

/**
 * Online, consistent copy of the database at `srcFile` into `destFile` (which must not exist), while
 * other processes keep writing to it: VACUUM INTO reads one snapshot (a WAL read transaction, which
 * does not hold writers back). The copy is checked (integrity, Weft's tables) under a temporary name
 * and flushed to disk before it takes its name, so `destFile` is either a complete backup or absent.
 */
export async function snapshotDatabase(srcFile: string, destFile: string): Promise<DatabaseSummary> {
  if (existsSync(destFile))
    throw new Error(`${destFile} already exists; choose a new file name (for example with the date in it)`);
  const src = new Database(srcFile, { fileMustExist: true });
  src.pragma('busy_timeout = 10000');
  src.pragma('foreign_keys = ON');
  return copyChecked(src, destFile);
}

/**
 * Copies the backup at `backupFile` into `destFile` (which must not exist) after checking that it is a
 * complete Weft database; the workers registered in it are removed, as none of them runs on the copy.
 */
export async function restoreDatabase(backupFile: string, destFile: string): Promise<DatabaseSummary> {
  const src = openBackup(backupFile);
  const known = knownMigrations();
  const applied = src.prepare('SELECT COUNT(*) FROM __drizzle_migrations').pluck().get() as number;
  if (applied > known) {
    src.close();
    throw new NotAWeftBackupError(
      `${backupFile} was made by a newer version of Weft (${applied} database migrations; this version knows ${known}): restore it with that version`,
    );
  }
  return copyChecked(src, destFile, (db) => db.exec('DELETE FROM workers'));
}

/** Opens `file` read-only after checking it is a sound Weft database; NotAWeftBackupError saying why not. */
export function openBackup(file: string): Database.Database {
  if (!existsSync(file)) throw new NotAWeftBackupError(`${file} does not exist`);
  if (!statSync(file).isFile()) throw new NotAWeftBackupError(`${file} is not a Weft backup: it is not a file`);
  if (!hasSqliteHeader(file))
    throw new NotAWeftBackupError(`${file} is not a Weft backup: it is not a SQLite database file`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('schema_version');
  } catch (err) {
    throw new NotAWeftBackupError(`${file} is not a Weft backup: SQLite cannot open it (${(err as Error).message})`);
  }
  try {
    const tables = new Set(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]);
    const missing = WEFT_TABLES.filter((t) => !tables.has(t));
    if (missing.length)
      throw new NotAWeftBackupError(
        `${file} is not a Weft backup: it is a SQLite database without Weft's tables (missing: ${missing.join(', ')})`,
      );
    const problems = db.pragma('integrity_check') as { integrity_check: string }[];
    if (problems[0]?.integrity_check !== 'ok')
      throw new NotAWeftBackupError(
        `${file} is damaged: SQLite's integrity check reports ${problems
          .slice(0, 5)
          .map((p) => p.integrity_check)
          .join('; ')}`,
      );
    const orphans = db.pragma('foreign_key_check') as { table: string; parent: string }[];
    if (orphans.length)
      throw new NotAWeftBackupError(
        `${file} is damaged: ${orphans.length} row(s) refer to rows that are not there (first: a row of ${orphans[0]!.table} without its ${orphans[0]!.parent} row)`,
      );
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Counts what `db` holds and walks its audit chain. */
export async function summarize(db: Database.Database): Promise<DatabaseSummary> {
  const count = (table: string) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
  const audit = await sqliteAuditLog(db).verify();
  const sealed = db.prepare(`SELECT secret FROM connections WHERE secret IS NOT NULL`).pluck().all() as string[];
  return {
    flows: count('flows'),
    versions: count('flow_versions'),
    runs: count('runs'),
    steps: count('steps'),
    connections: count('connections'),
    auditEntries: audit.entries,
    auditLastHash: audit.ok ? audit.lastHash : null,
    auditProblem: audit.ok ? null : `entry ${audit.seq}: ${audit.problem}`,
    secretKeyIds: [...new Set(sealed.map((s) => s.split(':')[1]).filter(Boolean))].sort(),
    migrations: count('__drizzle_migrations'),
  };
}

/** Migrations this version of Weft knows. */
export function knownMigrations(): number {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

/** VACUUM INTO a temporary file beside `destFile`, adjust, check, flush, then rename; closes `src`. */
async function copyChecked(
  src: Database.Database,
  destFile: string,
  adjust?: (db: Database.Database) => void,
): Promise<DatabaseSummary> {
  const tmp = `${destFile}.partial-${process.pid}`;
  rmSync(tmp, { force: true });
  try {
    try {
      src.prepare('VACUUM INTO ?').run(tmp);
    } finally {
      src.close();
    }
    if (adjust) {
      const db = new Database(tmp, { fileMustExist: true });
      db.pragma('foreign_keys = ON');
      try {
        adjust(db);
      } finally {
        db.close();
      }
    }
    const copy = openBackup(tmp);
    let summary: DatabaseSummary;
    try {
      summary = await summarize(copy);
    } finally {
      copy.close();
    }
    fsyncPath(tmp);
    renameSync(tmp, destFile);
    fsyncPath(dirname(destFile));
    return summary;
  } catch (err) {
    rmSync(tmp, { force: true });
    rmSync(`${tmp}-journal`, { force: true });
    throw err;
  }
}

function hasSqliteHeader(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    return readSync(fd, head, 0, 16, 0) === 16 && head.toString('latin1') === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}

/** Flushes a file's (or a folder's entries') data to disk. */
function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
