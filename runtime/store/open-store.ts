import type { WeftConfig } from '../config.ts';
import { databaseFile } from '../config.ts';
import type { Logger } from '../logger.ts';
import { openDb, type Db } from './db.ts';
import type { Store, StoreDurability } from './ports.ts';
import type { DatabaseSpace } from './retention-store.ts';
import { ProcessChanges, type ChangeFeed } from './changes.ts';
import { SqliteStore } from './sqlite/sqlite-store.ts';
import { SqliteSpace } from './sqlite/sqlite-space.ts';

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
  // Loaded only for PostgreSQL: an embedded installation never reads the driver.
  if (config.databaseUrl)
    return (await import('./postgres/open-postgres-store.ts')).openPostgresStore(config.databaseUrl, config, logger);
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
