import type { Logger } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import * as schema from '../schema/pg.ts';

// bigint (int8) columns hold epoch milliseconds and counts, all within JavaScript's safe integers: read
// them as numbers (COUNT(*) and SUM over integers too) rather than node-postgres's default strings.
// numeric stays a string. drizzle's node-postgres session falls back to these global parsers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

export type PgDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

// Beside this file, or beside the bundled runtime in runtime/dist.
const here = dirname(fileURLToPath(import.meta.url));
export const pgMigrationsFolder =
  [join(here, '../migrations-pg'), join(here, '../store/migrations-pg')].find((d) =>
    existsSync(join(d, 'meta/_journal.json')),
  ) ?? join(here, '../migrations-pg');

export interface OpenPostgresOptions {
  /** Most connections the pool opens (node-postgres's default: 10). */
  max?: number;
  /** drizzle's query logger: true logs every query to the console. */
  logger?: boolean | Logger;
  /** An idle connection failed (the server restarted or closed it); the pool drops it and opens another when needed. */
  onIdleError?: (err: Error) => void;
  /**
   * The server ends a session whose transaction stays open this long without a statement (a process frozen
   * or stalled inside a write), so the rows and locks it holds do not stop the other processes for longer.
   */
  idleInTransactionMs?: number;
}

/** A connection pool to `url` (postgres://user@host:port/database) and drizzle over it, with the PostgreSQL tables. */
export function openPostgres(url: string, opts: OpenPostgresOptions = {}): { pool: pg.Pool; db: PgDb } {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max,
    idle_in_transaction_session_timeout: opts.idleInTransactionMs,
  });
  // Without a listener, an idle connection's error would be thrown as an uncaught exception.
  pool.on('error', (err) => opts.onIdleError?.(err));
  // So would a checked-out connection's, should the server end the session while no statement is under way:
  // between two statements, or in the very packet that finished connecting, before its holder could listen.
  // The holder learns of it at its next statement, which fails; the pool does not take the connection back.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = drizzle(pool, { schema, logger: opts.logger });
  return { pool, db };
}

/** Key of the session advisory lock that lets one process at a time apply migrations. */
const MIGRATION_LOCK = 0x77656674; // 'weft'

/**
 * Applies the PostgreSQL migrations not yet recorded in drizzle.__drizzle_migrations, in one transaction.
 * Processes that start together against the same database take turns: the later ones find nothing to apply.
 */
export async function migratePostgres(db: PgDb): Promise<void> {
  const client = await db.$client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migrate(drizzle(client, { schema }), { migrationsFolder: pgMigrationsFolder });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** Which guarantee a commit has, as the server reports it (for /healthz and the start-up log). */
export interface PostgresDurability {
  dialect: 'postgres';
  /** synchronous_commit: on (flushed to disk, and to synchronous standbys), off, local, remote_write or remote_apply. */
  synchronous: string;
}

export async function postgresDurability(pool: pg.Pool): Promise<PostgresDurability> {
  const { rows } = await pool.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
  return { dialect: 'postgres', synchronous: rows[0].synchronous_commit };
}

/** How many migrations the database records as applied (0 for a new database). */
export async function appliedPostgresMigrations(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number | null }>(
    `SELECT CASE WHEN to_regclass('drizzle.__drizzle_migrations') IS NULL THEN 0 END AS n`,
  );
  if (rows[0].n === 0) return 0;
  const counted = await pool.query<{ n: number }>('SELECT COUNT(*) AS n FROM drizzle.__drizzle_migrations');
  return counted.rows[0].n;
}
