import type { WeftConfig } from '../config.ts';
import { databaseFile } from '../config.ts';
import type { Logger } from '../logger.ts';
import { openDb, type Db } from './db.ts';
import type { Store, StoreDurability } from './ports.ts';
import type { DatabaseSpace } from './retention-store.ts';
import { ProcessChanges, type ChangeFeed } from './changes.ts';
import { SqliteStore } from './sqlite/sqlite-store.ts';
import { SqliteSpace } from './sqlite/sqlite-space.ts';
import { migratePostgres, openPostgres } from './postgres/connect.ts';
import { PostgresStore } from './postgres/postgres-store.ts';
import { PostgresSpace } from './postgres/postgres-space.ts';
import { PostgresChanges } from './postgres/notify.ts';

export interface OpenedStore {
  store: Store;
  /** What a commit survives, read when the store opened. */
  durability: StoreDurability;
  /** Changes made by any process of the installation. */
  changes: ChangeFeed;
  /** The database's size, and handing freed space back. */
  space: DatabaseSpace;
  /** The SQLite database (for SQLite-only tooling); null on PostgreSQL. */
  sqlite: Db | null;
}

export type StoreConfig = Pick<
  WeftConfig,
  | 'dataDir'
  | 'databaseUrl'
  | 'sqliteSync'
  | 'vacuumConvertMaxBytes'
  | 'postgresPoolSize'
  | 'postgresCommits'
  | 'leaseMs'
>;

/** Opens and migrates the installation's database: PostgreSQL when `databaseUrl` is set, else SQLite in dataDir. */
export async function openStore(config: StoreConfig, logger: Logger): Promise<OpenedStore> {
  if (config.databaseUrl) return openPostgresStore(config.databaseUrl, config, logger);
  const db = openDb({
    file: databaseFile(config),
    synchronous: config.sqliteSync,
    autoVacuum: { convertMaxBytes: config.vacuumConvertMaxBytes, logger },
  });
  const store = new SqliteStore(db);
  return {
    store,
    durability: await store.durability(),
    changes: new ProcessChanges(),
    space: new SqliteSpace(db.$client, databaseFile(config)),
    sqlite: db,
  };
}

async function openPostgresStore(url: string, config: StoreConfig, logger: Logger): Promise<OpenedStore> {
  const { pool, db } = openPostgres(url, {
    max: config.postgresPoolSize,
    // A write left open longer than a lease (its process frozen) is ended: by then the others take its runs over.
    idleInTransactionMs: config.leaseMs,
    onIdleError: (err) =>
      logger.warn('a PostgreSQL connection failed while idle; the pool opens another', { error: err.message }),
  });
  try {
    await migratePostgres(db);
    const store = new PostgresStore(pool, config.postgresCommits);
    const durability = await store.durability();
    if (durability.synchronous === 'off' && config.sqliteSync !== 'normal')
      throw new Error(
        'PostgreSQL runs with synchronous_commit=off: a commit Weft answered could be lost in a database crash. ' +
          'Set synchronous_commit=on for the database (ALTER DATABASE … SET synchronous_commit = on), or accept the risk with WEFT_SQLITE_SYNC=normal',
      );
    const changes = new PostgresChanges(pool, { connectionString: url }, logger);
    await changes.start();
    return { store, durability, changes, space: new PostgresSpace(pool), sqlite: null };
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
}
