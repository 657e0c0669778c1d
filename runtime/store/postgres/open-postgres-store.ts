import type { Logger } from '../../logger.ts';
import type { OpenedStore, StoreConfig } from '../open-store.ts';
import { migratePostgres, openPostgres } from './connect.ts';
import { PostgresStore } from './postgres-store.ts';
import { PostgresSpace } from './postgres-space.ts';
import { PostgresChanges } from './notify.ts';

/** Opens and migrates the installation's PostgreSQL database (DATABASE_URL), and listens to its changes. */
export async function openPostgresStore(url: string, config: StoreConfig, logger: Logger): Promise<OpenedStore> {
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
