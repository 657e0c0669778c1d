import { getTableColumns, getTableName, type Table } from 'drizzle-orm';

/**
 * SQL text for the prepared statements of the hot path, derived from the drizzle tables in schema.ts,
 * so a column added there is read and written everywhere without a hand-kept list to forget.
 */

/** The columns of a table as the schema keys them (camelCase), in declaration order. */
export function columnKeys<T extends Table>(table: T): (keyof T['_']['columns'] & string)[] {
  return Object.keys(getTableColumns(table)) as (keyof T['_']['columns'] & string)[];
}

/**
 * `"snake_case" AS "camelCase", …` over every column of `table`, so a raw SELECT returns rows shaped as
 * the schema's row type. `alias` qualifies each column; `blank` columns are selected as NULL, `computed`
 * ones as the SQL expression given for them.
 */
export function selectList(
  table: Table,
  o: { alias?: string; blank?: readonly string[]; computed?: Record<string, string> } = {},
): string {
  return Object.entries(getTableColumns(table))
    .map(([key, col]) => {
      const source =
        o.computed?.[key] ?? (o.blank?.includes(key) ? 'NULL' : o.alias ? `${o.alias}."${col.name}"` : `"${col.name}"`);
      return `${source} AS "${key}"`;
    })
    .join(', ');
}

/**
 * `INSERT INTO "table" (every column) VALUES (?, …)` with the values in columnKeys order; with
 * `upsertOn`, a row that exists under those keys gets every other column from the new one.
 */
export function insertSql(table: Table, upsertOn?: readonly string[]): string {
  const columns = getTableColumns(table);
  const names = Object.values(columns).map((c) => `"${c.name}"`);
  const sql = `INSERT INTO "${getTableName(table)}" (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`;
  if (!upsertOn) return sql;
  const key = upsertOn.map((k) => `"${columns[k].name}"`);
  const set = names.filter((n) => !key.includes(n)).map((n) => `${n} = excluded.${n}`);
  return `${sql} ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${set.join(', ')}`;
}
