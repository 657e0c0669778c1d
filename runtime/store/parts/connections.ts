import { getTableColumns } from 'drizzle-orm';
import { connectionSpecs, connections } from '../schema.ts';
import { columnKeys, insertSql, selectList } from '../columns.ts';
import type { ConnectionRow, ConnectionSpecRow, ConnectionStore } from '../connection-store.ts';
import { boolValue, jsonValue, type Sql } from '../sql.ts';

const KEYS = columnKeys(connections);
const COLUMNS = selectList(connections);
const INSERT = insertSql(connections);
/** Every column but the id, then the id: the values of valuesOf() with the id moved last. */
const UPDATE = `UPDATE connections SET ${Object.values(getTableColumns(connections))
  .filter((c) => c.name !== 'id')
  .map((c) => `"${c.name}" = ?`)
  .join(', ')} WHERE id = ?`;

type Stored = Omit<ConnectionRow, 'authConfig' | 'allowPrivate'> & { authConfig: unknown; allowPrivate: unknown };

const rowOf = (r: Stored): ConnectionRow => ({
  ...r,
  authConfig: jsonValue(r.authConfig),
  allowPrivate: boolValue(r.allowPrivate),
});

/** The values of `row` in column order, JSON as text. */
const SPEC_KEYS = columnKeys(connectionSpecs);
const SPEC_JSON = new Set(['document', 'operations', 'paging']);
const PUT_SPEC = insertSql(connectionSpecs, ['connectionId']);

const valuesOf = (row: ConnectionRow) =>
  KEYS.map((k) => (k === 'authConfig' ? JSON.stringify(row.authConfig) : row[k]));

/** Connections, in the SQL both dialects speak; which flows use one is read from their drafts. */
export class SqlConnectionStore implements ConnectionStore {
  constructor(private readonly sql: Sql) {}

  async list(): Promise<ConnectionRow[]> {
    return (await this.sql.all<Stored>(`SELECT ${COLUMNS} FROM connections ORDER BY name, id`)).map(rowOf);
  }

  async get(id: string): Promise<ConnectionRow | undefined> {
    const r = await this.sql.get<Stored>(`SELECT ${COLUMNS} FROM connections WHERE id = ?`, [id]);
    return r && rowOf(r);
  }

  async insert(row: ConnectionRow): Promise<void> {
    await this.sql.run(INSERT, valuesOf(row));
  }

  async update(row: ConnectionRow): Promise<void> {
    const [id, ...rest] = valuesOf(row);
    await this.sql.run(UPDATE, [...rest, id]);
  }

  async delete(id: string): Promise<void> {
    await this.sql.run(`DELETE FROM connections WHERE id = ?`, [id]);
  }

  async setSecret(id: string, sealed: string | null): Promise<void> {
    await this.sql.run(`UPDATE connections SET secret = ? WHERE id = ?`, [sealed, id]);
  }

  async usage(): Promise<Map<string, string[]>> {
    const uses = new Map<string, string[]>();
    for (const f of await this.sql.all<{ id: string; definition: unknown }>(
      `SELECT id, definition FROM flows ORDER BY created_at, id`,
    )) {
      const def = jsonValue<{ nodes?: { config?: { connection?: unknown } }[] }>(f.definition);
      const ids = new Set((def.nodes ?? []).map((n) => n.config?.connection).filter((c) => typeof c === 'string'));
      for (const c of ids as Set<string>) uses.set(c, [...(uses.get(c) ?? []), f.id]);
    }
    return uses;
  }

  async spec(id: string): Promise<ConnectionSpecRow | undefined> {
    const r = await this.sql.get<ConnectionSpecRow>(
      `SELECT ${selectList(connectionSpecs)} FROM connection_specs WHERE connection_id = ?`,
      [id],
    );
    return (
      r && { ...r, document: jsonValue(r.document), operations: jsonValue(r.operations), paging: jsonValue(r.paging) }
    );
  }

  async putSpec(row: ConnectionSpecRow): Promise<void> {
    await this.sql.run(
      PUT_SPEC,
      SPEC_KEYS.map((k) => (SPEC_JSON.has(k) ? JSON.stringify(row[k] ?? null) : row[k])),
    );
  }
}
