/**
 * The store's tables as the embedded SQLite store has them (drizzle sqlite-core). They are built from
 * the one description in schema/ that also gives the PostgreSQL tables (schema/pg.ts).
 */
export * from './schema/sqlite.ts';
