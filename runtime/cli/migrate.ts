import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { defaultConfig, databaseFile, databaseUrl } from '../config.ts';
import { appliedPostgresMigrations, migratePostgres, openPostgres } from '../store/postgres/connect.ts';
import { openDb } from '../store/db.ts';
import { migrationStatus, type MigrationStatus } from '../store/schema-migrations.ts';

const USAGE = 'usage: weft migrate [--data ./data | --database postgres://…]';

/**
 * weft migrate [--data ./data]: applies the database migrations this version ships and has not applied
 * yet to the data folder's database, in one transaction, and prints them (or that it is up to date).
 * It does not start the server; `weft start` applies them too. Refused while a runtime works on the
 * database (a worker with a live lease), since that runtime expects the schema it started with.
 */
export async function migrateCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { data: { type: 'string' }, database: { type: 'string' } },
    strict: true,
  });
  const url = values.database !== undefined ? databaseUrl(values.database, '--database') : defaultConfig().databaseUrl;
  if (url && values.data === undefined) return migratePostgresCommand(url);
  const dataDir = resolve(values.data ?? defaultConfig().dataDir);
  const file = databaseFile({ dataDir });
  if (!existsSync(file)) {
    console.error(`no database in ${dataDir} (weft start creates one, with every migration applied)\n${USAGE}`);
    return 2;
  }
  const status = inspect(file);
  if (typeof status === 'string') {
    console.error(status);
    return 1;
  }
  if (status.pending.length === 0) {
    console.log(`${file} is up to date (${status.applied} migrations applied)`);
    return 0;
  }
  const db = openDb({ file });
  try {
    const left = migrationStatus(db.$client).pending;
    if (left.length) throw new Error(`migrations still pending after migrating: ${left.join(', ')}`);
  } finally {
    db.$client.close();
  }
  const list = status.pending.map((t) => `  ${t}`).join('\n');
  console.log(`applied ${status.pending.length} migration(s) to ${file}:\n${list}`);
  return 0;
}

/** The database's migration status, or why it must not be migrated by this version now. */
function inspect(file: string): MigrationStatus | string {
  const raw = new Database(file, { fileMustExist: true });
  try {
    raw.pragma('busy_timeout = 5000');
    const status = migrationStatus(raw);
    if (status.newer)
      return `${file} was migrated by a newer version of Weft (${status.applied} migrations, later than any this version knows): use that version`;
    if (status.pending.length === 0) return status;
    // Databases from before leases have no workers table (nor a runtime that registers in it).
    const hasWorkers = raw.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'workers'`).get();
    const live = hasWorkers
      ? (raw.prepare(`SELECT host, pid FROM workers WHERE expires_at > ? ORDER BY started_at`).all(Date.now()) as {
          host: string;
          pid: number;
        }[])
      : [];
    if (live.length)
      return `a runtime is working on ${file} (${live.map((w) => `pid ${w.pid} on ${w.host}`).join(', ')}): stop it, then run weft migrate again`;
    return status;
  } finally {
    raw.close();
  }
}

/** PostgreSQL: the migrations are applied under a lock, so processes starting meanwhile wait for them. */
async function migratePostgresCommand(url: string): Promise<number> {
  const { pool, db } = openPostgres(url, { max: 1 });
  const shown = url.replace(/\/\/[^@/]*@/, '//…@');
  try {
    const before = await appliedPostgresMigrations(pool);
    await migratePostgres(db);
    const after = await appliedPostgresMigrations(pool);
    console.log(
      after > before
        ? `applied ${after - before} migration(s) to ${shown} (${after} in all)`
        : `${shown} is up to date (${after} migrations applied)`,
    );
    return 0;
  } finally {
    await pool.end();
  }
}
