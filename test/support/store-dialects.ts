import { openDb } from '../../runtime/store/db.ts';
import { SqliteSql } from '../../runtime/store/sqlite/sqlite-sql.ts';
import { SqliteStore } from '../../runtime/store/sqlite/sqlite-store.ts';
import { PostgresSql } from '../../runtime/store/postgres/postgres-sql.ts';
import { PostgresStore } from '../../runtime/store/postgres/postgres-store.ts';
import { openPostgres } from '../../runtime/store/postgres/connect.ts';
import type { Sql } from '../../runtime/store/sql.ts';
import type { Store } from '../../runtime/store/ports.ts';
import { freshPostgres, postgresAvailable } from './postgres.ts';

// CI starts PostgreSQL before the tests (.ci/run): there a missing server fails these tests instead of skipping them.
const pgAvailable = (await postgresAvailable()) || !!process.env.CI;

/** A migrated database of one dialect, reached through `T`, and how to let it go. */
export interface Opened<T> {
  sql: T;
  close(): Promise<void>;
}

export interface Dialect<T> {
  name: 'SQLite' | 'PostgreSQL';
  /** PostgreSQL is skipped when no server answers (never in CI). */
  skip: boolean;
  open(): Promise<Opened<T>>;
}

/** A new in-memory SQLite database and a new PostgreSQL database, each migrated, for the store's parts. */
export const sqlDialects: Dialect<Sql>[] = [
  {
    name: 'SQLite',
    skip: false,
    async open() {
      const db = openDb({ file: ':memory:' });
      return { sql: new SqliteSql(db.$client), close: async () => void db.$client.close() };
    },
  },
  {
    name: 'PostgreSQL',
    skip: !pgAvailable,
    async open() {
      const database = await freshPostgres({ migrated: true });
      const { pool } = openPostgres(database.url, { max: 2 });
      return {
        sql: new PostgresSql(pool),
        close: async () => {
          await pool.end();
          await database.drop();
        },
      };
    },
  },
];

/**
 * Two processes' stores on one database: PostgreSQL, two stores with pools of their own; SQLite, one store
 * standing for both (one process writes a SQLite file at a time).
 */
export const sharedStoreDialects: Dialect<[Store, Store]>[] = [
  {
    name: 'SQLite',
    skip: false,
    async open() {
      const store = new SqliteStore(openDb({ file: ':memory:' }));
      return { sql: [store, store], close: () => store.close() };
    },
  },
  {
    name: 'PostgreSQL',
    skip: !pgAvailable,
    async open() {
      const database = await freshPostgres({ migrated: true });
      const a = new PostgresStore(openPostgres(database.url, { max: 3 }).pool);
      const b = new PostgresStore(openPostgres(database.url, { max: 3 }).pool);
      return {
        sql: [a, b],
        async close() {
          await a.close();
          await b.close();
          await database.drop();
        },
      };
    },
  },
];
