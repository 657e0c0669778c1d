import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freshPostgres,
  postgresAdminUrl,
  postgresAvailable,
  type FreshPostgres,
} from '../../../test/support/postgres.ts';
import * as pgSchema from '../schema/pg.ts';
import * as liteSchema from '../schema/sqlite.ts';
import { getTableName } from 'drizzle-orm';
import { migratePostgres, openPostgres, pgMigrationsFolder, postgresDurability, type PgDb } from './connect.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// CI starts PostgreSQL before the tests (.ci/run): there a missing server fails these tests instead of skipping them.
const available = (await postgresAvailable()) || !!process.env.CI;
const tables = Object.values(pgSchema) as PgTable[];
/** Migrations this version ships (runtime/store/migrations-pg). */
const MIGRATIONS = (
  JSON.parse(readFileSync(join(pgMigrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] }
).entries.length;

/** The type information_schema reports (udt_name) for each drizzle pg column type. */
const UDT: Record<string, string> = { text: 'text', bigint: 'int8', boolean: 'bool', json: 'json', bytea: 'bytea' };

describe.skipIf(!available)('PostgreSQL migrations', () => {
  let database: FreshPostgres;
  let pool: pg.Pool;
  let db: PgDb;

  beforeAll(async () => {
    database = await freshPostgres();
    ({ pool, db } = openPostgres(database.url, { max: 4 }));
    await migratePostgres(db);
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('creates every table with its columns, types, nullability and defaults', async () => {
    const { rows } = await pool.query<{
      table_name: string;
      column_name: string;
      udt_name: string;
      is_nullable: 'YES' | 'NO';
      column_default: string | null;
      is_identity: 'YES' | 'NO';
    }>(
      `SELECT table_name, column_name, udt_name, is_nullable, column_default, is_identity
         FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
    );
    expect(new Set(rows.map((r) => r.table_name))).toEqual(new Set(tables.map((t) => getTableConfig(t).name)));
    // Both dialects have every table of the one schema description.
    expect(new Set(tables.map((t) => getTableConfig(t).name))).toEqual(
      new Set(Object.values(liteSchema).map((t) => getTableName(t))),
    );
    for (const table of tables) {
      const config = getTableConfig(table);
      const actual = rows.filter((r) => r.table_name === config.name);
      expect(actual.map((r) => r.column_name)).toEqual(config.columns.map((c) => c.name));
      for (const column of config.columns) {
        const row = actual.find((r) => r.column_name === column.name)!;
        const where = `${config.name}.${column.name}`;
        expect(row.udt_name, where).toBe(UDT[column.getSQLType()]);
        expect(row.is_nullable === 'NO', where).toBe(column.notNull);
        // A text default reads back as its literal: '' is ''::text.
        const literal = row.column_default?.match(/^'((?:[^']|'')*)'::text$/);
        expect(literal ? literal[1].replaceAll("''", "'") : row.column_default, where).toBe(
          column.hasDefault && column.default !== undefined ? String(column.default) : null,
        );
        expect(row.is_identity === 'YES', where).toBe(!!column.generatedIdentity);
      }
    }
  });

  it('creates the primary keys, foreign keys (ON DELETE CASCADE) and indexes, partial ones with their condition', async () => {
    const { rows: indexes } = await pool.query<{ tablename: string; indexname: string; indexdef: string }>(
      `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'`,
    );
    const { rows: fks } = await pool.query<{ table_name: string; constraint_name: string; delete_rule: string }>(
      `SELECT tc.table_name, rc.constraint_name, rc.delete_rule
         FROM information_schema.referential_constraints rc
         JOIN information_schema.table_constraints tc USING (constraint_schema, constraint_name)`,
    );
    for (const table of tables) {
      const config = getTableConfig(table);
      const names = indexes.filter((i) => i.tablename === config.name).map((i) => i.indexname);
      const keys = [
        ...config.primaryKeys.map((k) => k.getName()),
        ...config.columns.filter((c) => c.primary).map(() => `${config.name}_pkey`),
      ];
      const uniques = config.columns.filter((c) => c.isUnique).map((c) => c.uniqueName!);
      expect(new Set(names), config.name).toEqual(
        new Set([...keys, ...uniques, ...config.indexes.map((i) => i.config.name!)]),
      );
      expect(
        fks.filter((f) => f.table_name === config.name).map((f) => [f.constraint_name, f.delete_rule]),
        config.name,
      ).toEqual(config.foreignKeys.map((f) => [f.getName(), f.onDelete?.toUpperCase()]));
    }
    const failed = indexes.find((i) => i.indexname === 'runs_failed_group')!.indexdef;
    expect(failed).toMatch(/WHERE \(\(status = 'failed'::text\) AND \(mode = 'live'::text\)\)$/);
  });

  it('keeps the audit log append-only', async () => {
    await pool.query(`INSERT INTO audit_log (seq, at, action, prev_hash, hash) VALUES (1, 1, 'flow.save', '', 'h1')`);
    await expect(pool.query('UPDATE audit_log SET hash = $1', ['h2'])).rejects.toThrow('the audit log is append-only');
    await expect(pool.query('DELETE FROM audit_log')).rejects.toThrow('the audit log is append-only');
    await expect(pool.query('TRUNCATE audit_log')).rejects.toThrow('the audit log is append-only');
    expect((await pool.query('SELECT hash FROM audit_log')).rows).toEqual([{ hash: 'h1' }]);
  });

  it('reads bigint columns and counts as numbers, and round-trips bytes, JSON and booleans through drizzle', async () => {
    const { flows, runs, connections } = pgSchema;
    await db.insert(flows).values({
      id: 'f1',
      name: 'F',
      definition: { nodes: [1] },
      revision: 3,
      createdAt: 1_700_000_000_000,
      updatedAt: 2,
    });
    await db.insert(runs).values({
      id: 'r1',
      flowId: 'f1',
      mode: 'live',
      status: 'running',
      triggerNode: 't',
      trigger: '{}',
      triggerBody: Buffer.from([0, 1, 255]),
      createdAt: 5,
      updatedAt: 6,
    });
    await db.insert(connections).values({
      id: 'c1',
      name: 'C',
      baseUrl: 'https://x.test',
      authType: 'none',
      authConfig: {},
      createdAt: 1,
      updatedAt: 1,
    });
    expect(
      await db
        .select({ revision: flows.revision, createdAt: flows.createdAt, definition: flows.definition })
        .from(flows),
    ).toEqual([{ revision: 3, createdAt: 1_700_000_000_000, definition: { nodes: [1] } }]);
    expect((await db.select({ body: runs.triggerBody }).from(runs))[0].body).toEqual(Buffer.from([0, 1, 255]));
    expect((await db.select({ allow: connections.allowPrivate }).from(connections))[0].allow).toBe(false);
    expect((await pool.query('SELECT COUNT(*) AS n, MAX(created_at) AS at FROM flows')).rows).toEqual([
      { n: 1, at: 1_700_000_000_000 },
    ]);
    await db.delete(flows);
    await db.delete(runs);
  });

  it('applies nothing the second time', async () => {
    const before = (await pool.query('SELECT id, hash, created_at FROM drizzle.__drizzle_migrations')).rows;
    expect(before).toHaveLength(MIGRATIONS);
    await migratePostgres(db);
    expect((await pool.query('SELECT id, hash, created_at FROM drizzle.__drizzle_migrations')).rows).toEqual(before);
  });

  it('reports the server’s synchronous_commit as the durability', async () => {
    expect(await postgresDurability(pool)).toEqual({ dialect: 'postgres', synchronous: 'on' });
    await pool.query(`ALTER DATABASE "${database.name}" SET synchronous_commit = 'local'`);
    const other = openPostgres(database.url, { max: 1 });
    try {
      expect(await postgresDurability(other.pool)).toEqual({ dialect: 'postgres', synchronous: 'local' });
    } finally {
      await other.pool.end();
    }
  });
});

describe.skipIf(!available)('PostgreSQL migrations from processes starting together', () => {
  it('are applied once while the others wait for them', async () => {
    const database = await freshPostgres();
    const opened = [1, 2, 3].map(() => openPostgres(database.url, { max: 2 }));
    try {
      await Promise.all(opened.map(({ db }) => migratePostgres(db)));
      const { rows } = await opened[0].pool.query('SELECT COUNT(*) AS n FROM drizzle.__drizzle_migrations');
      expect(rows).toEqual([{ n: MIGRATIONS }]);
    } finally {
      await Promise.all(opened.map(({ pool }) => pool.end()));
      await database.drop();
    }
    const admin = new pg.Client({ connectionString: postgresAdminUrl });
    await admin.connect();
    try {
      expect((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database.name])).rows).toEqual([]);
    } finally {
      await admin.end();
    }
  });
});
