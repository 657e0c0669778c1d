import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { migratePostgres, openPostgres, pgMigrationsFolder } from '../../runtime/store/postgres/connect.ts';

/**
 * Throwaway PostgreSQL databases for tests, on the server at WEFT_TEST_POSTGRES_URL (default: the local
 * server, postgres://postgres@127.0.0.1:5432/postgres). Each test file makes its own and drops it.
 */
export const postgresAdminUrl = process.env.WEFT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface FreshPostgres {
  /** Connection URL of the new, empty database. */
  url: string;
  name: string;
  /** Ends every connection to the database and drops it. */
  drop(): Promise<void>;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Whether the test server answers a query within a few seconds. */
export async function postgresAvailable(): Promise<boolean> {
  try {
    await withAdmin((c) => c.query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
}

/** A migrated database to copy new ones from, made once per set of migrations (its name carries their count). */
async function migratedTemplate(): Promise<string> {
  const journal = JSON.parse(readFileSync(join(pgMigrationsFolder, 'meta/_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  const name = `weft_template_${journal.entries.length}_${journal.entries.at(-1)?.tag.replace(/\W/g, '_') ?? 'none'}`;
  await withAdmin(async (c) => {
    // One test process at a time makes it; the others find it made.
    await c.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    try {
      const found = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount) return;
      const building = `${name}_building_${process.pid}`;
      await c.query(`CREATE DATABASE "${building}"`);
      const url = new URL(postgresAdminUrl);
      url.pathname = `/${building}`;
      const { pool, db } = openPostgres(url.toString(), { max: 1 });
      try {
        await migratePostgres(db);
      } finally {
        await pool.end();
      }
      await c.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    } finally {
      await c.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
    }
  });
  return name;
}

/**
 * Creates a database with a unique name (weft_test_<pid>_<random>) and returns its URL; with `migrated`,
 * a copy of a database with every migration applied (fast: no migration per test).
 */
export async function freshPostgres(opts: { migrated?: boolean } = {}): Promise<FreshPostgres> {
  const name = `weft_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const template = opts.migrated ? await migratedTemplate() : null;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`));
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await withAdmin(async (c) => {
        await c.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [name],
        );
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      });
    },
  };
}

/** The databases that stand for data folders, by folder. */
const folderDatabases = new Map<string, Promise<FreshPostgres>>();

/**
 * The URL of a migrated database that stands for data folder `dir` (which keeps the secret key) while the
 * folder exists: a runtime or process opened on the folder again finds what the last one stored. The
 * databases of folders removed since are dropped here; those left at the end, by the project's teardown.
 */
export async function folderPostgres(dir: string): Promise<string> {
  for (const [d, database] of folderDatabases)
    if (!existsSync(d)) {
      folderDatabases.delete(d);
      await (await database).drop();
    }
  const key = resolve(dir);
  let database = folderDatabases.get(key);
  if (!database) {
    database = freshPostgres({ migrated: true });
    folderDatabases.set(key, database);
  }
  return (await database).url;
}
