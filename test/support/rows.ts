import type { Weft } from '../../runtime/weft.ts';
import type { Sql } from '../../runtime/store/sql.ts';
import { SqliteStore } from '../../runtime/store/sqlite/sqlite-store.ts';
import { SqliteSql } from '../../runtime/store/sqlite/sqlite-sql.ts';
import { PostgresStore } from '../../runtime/store/postgres/postgres-store.ts';
import { PostgresSql } from '../../runtime/store/postgres/postgres-sql.ts';

/**
 * SQL straight on the database of the runtime under test, whichever dialect it runs on: for tests that
 * look at (or age, or plant) rows the API does not show. `?` placeholders; the SQL must run on both.
 */
export function sqlOf(weft: Pick<Weft, 'store'>): Sql {
  const { store } = weft;
  if (store instanceof SqliteStore) return new SqliteSql(store.sqlite);
  if (store instanceof PostgresStore) return new PostgresSql(store.pool);
  throw new Error(`no SQL access to a ${(store as { dialect?: string }).dialect} store`);
}

/** The rows a query returns. */
export function rows<T = Record<string, unknown>>(
  weft: Pick<Weft, 'store'>,
  text: string,
  params: readonly unknown[] = [],
): Promise<T[]> {
  return sqlOf(weft).all<T>(text, params);
}

/** The first column of each row a query returns. */
export async function column<T = unknown>(
  weft: Pick<Weft, 'store'>,
  text: string,
  params: readonly unknown[] = [],
): Promise<T[]> {
  return (await rows(weft, text, params)).map((r) => Object.values(r)[0] as T);
}

/** The first column of the first row, or undefined without a row. */
export async function value<T = unknown>(
  weft: Pick<Weft, 'store'>,
  text: string,
  params: readonly unknown[] = [],
): Promise<T | undefined> {
  return (await column<T>(weft, text, params))[0];
}

/** How many rows of `table` match `where` (SQL with `?` placeholders), or all of them. */
export async function count(
  weft: Pick<Weft, 'store'>,
  table: string,
  where?: string,
  params: readonly unknown[] = [],
): Promise<number> {
  return Number(await value(weft, `SELECT COUNT(*) FROM ${table}${where ? ` WHERE ${where}` : ''}`, params));
}

/** Runs a statement outside the store's writes (test set-up: aging rows, planting rows); rows changed. */
export async function execute(
  weft: Pick<Weft, 'store'>,
  text: string,
  params: readonly unknown[] = [],
): Promise<number> {
  return (await sqlOf(weft).run(text, params)).changes;
}

/** Weft's tables (not the migrator's) and their columns, as the database describes them. */
export async function tableColumns(weft: Pick<Weft, 'store'>): Promise<Map<string, string[]>> {
  const found =
    weft.store.dialect === 'postgres'
      ? await rows<{ t: string; c: string }>(
          weft,
          `SELECT table_name AS "t", column_name AS "c" FROM information_schema.columns
           WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
        )
      : await rows<{ t: string; c: string }>(
          weft,
          `SELECT m.name AS "t", p.name AS "c" FROM sqlite_master m, pragma_table_info(m.name) p
           WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`,
        );
  const out = new Map<string, string[]>();
  for (const { t, c } of found) if (!t.startsWith('__drizzle')) out.set(t, [...(out.get(t) ?? []), c]);
  return out;
}
