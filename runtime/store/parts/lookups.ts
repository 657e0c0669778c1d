import type { LookupEntry, LookupStore, LookupTableRow } from '../lookup-store.ts';
import type { Sql } from '../sql.ts';
import type { LookupWriteMode, LookupWriteResult } from '../../../shared/lookups.ts';
import { isDeepStrictEqual } from 'node:util';

/** Entries written per INSERT statement (SQLite allows 32,766 parameters, PostgreSQL 65,535). */
const BATCH = 500;

const LIST = `SELECT t.name, t.version, t.updated_at AS "updatedAt", t.updated_by AS "updatedBy",
  (SELECT COUNT(*) FROM lookup_entries e WHERE e.table_name = t.name) AS "entryCount" FROM lookup_tables t`;

type Stored = Omit<LookupTableRow, 'version' | 'updatedAt' | 'entryCount'> & {
  version: unknown;
  updatedAt: unknown;
  entryCount: unknown;
};

const rowOf = (r: Stored): LookupTableRow => ({
  ...r,
  version: Number(r.version),
  updatedAt: Number(r.updatedAt),
  entryCount: Number(r.entryCount),
});

/** Lookup tables, in the SQL both dialects speak. */
export class SqlLookupStore implements LookupStore {
  constructor(private readonly sql: Sql) {}

  async list(): Promise<LookupTableRow[]> {
    return (await this.sql.all<Stored>(`${LIST} ORDER BY t.name`)).map(rowOf);
  }

  async get(name: string): Promise<LookupTableRow | undefined> {
    const r = await this.sql.get<Stored>(`${LIST} WHERE t.name = ?`, [name]);
    return r && rowOf(r);
  }

  async entries(name: string): Promise<LookupEntry[]> {
    const rows = await this.sql.all<LookupEntry>(
      `SELECT key, CAST(value AS TEXT) AS value FROM lookup_entries WHERE table_name = ? ORDER BY key`,
      [name],
    );
    // As text in both dialects: PostgreSQL would hand a JSON string over as the string itself.
    return rows.map((r) => ({ key: r.key, value: JSON.parse(r.value as string) }));
  }

  async create(name: string, entries: readonly LookupEntry[], at: number, by: string | null): Promise<boolean> {
    const r = await this.sql.run(
      `INSERT INTO lookup_tables (name, version, updated_at, updated_by) VALUES (?, 1, ?, ?) ON CONFLICT (name) DO NOTHING`,
      [name, at, by],
    );
    if (r.changes === 0) return false;
    await this.insertEntries(name, entries);
    return true;
  }

  async replace(
    name: string,
    version: number,
    entries: readonly LookupEntry[],
    at: number,
    by: string | null,
  ): Promise<boolean> {
    const r = await this.sql.run(
      `UPDATE lookup_tables SET version = version + 1, updated_at = ?, updated_by = ? WHERE name = ? AND version = ?`,
      [at, by, name, version],
    );
    if (r.changes === 0) return false;
    await this.sql.run(`DELETE FROM lookup_entries WHERE table_name = ?`, [name]);
    await this.insertEntries(name, entries);
    return true;
  }

  async write(
    name: string,
    entries: readonly LookupEntry[],
    mode: LookupWriteMode,
    at: number,
    by: string | null,
  ): Promise<LookupWriteResult | undefined> {
    // PostgreSQL: writes to one table take turns from here, so each counts against the entries the last one left.
    const lock = this.sql.dialect === 'postgres' ? ' FOR UPDATE' : '';
    const table = await this.sql.get<{ version: unknown }>(`SELECT version FROM lookup_tables WHERE name = ?${lock}`, [
      name,
    ]);
    if (!table) return undefined;
    const before = await this.valuesOf(
      name,
      entries.map((e) => e.key),
    );
    const result = { table: name, version: Number(table.version), added: 0, changed: 0, unchanged: 0, kept: 0 };
    const put: LookupEntry[] = [];
    for (const e of entries) {
      const old = before.get(e.key);
      if (old === undefined) {
        result.added++;
        put.push(e);
      } else if (isDeepStrictEqual(old, JSON.parse(JSON.stringify(e.value ?? null)))) result.unchanged++;
      else if (mode === 'insert-only') result.kept++;
      else {
        result.changed++;
        put.push(e);
      }
    }
    if (put.length === 0) return result;
    for (let i = 0; i < put.length; i += BATCH) {
      const batch = put.slice(i, i + BATCH);
      await this.sql.run(
        `INSERT INTO lookup_entries (table_name, key, value) VALUES ${batch.map(() => '(?, ?, ?)').join(', ')}
         ON CONFLICT (table_name, key) DO UPDATE SET value = excluded.value`,
        batch.flatMap((e) => [name, e.key, JSON.stringify(e.value ?? null)]),
      );
    }
    await this.sql.run(
      `UPDATE lookup_tables SET version = version + 1, updated_at = ?, updated_by = ? WHERE name = ?`,
      [at, by, name],
    );
    return { ...result, version: result.version + 1 };
  }

  async delete(name: string): Promise<boolean> {
    return (await this.sql.run(`DELETE FROM lookup_tables WHERE name = ?`, [name])).changes > 0;
  }

  /** The stored values of those of `keys` the table holds. */
  private async valuesOf(name: string, keys: readonly string[]): Promise<Map<string, unknown>> {
    const out = new Map<string, unknown>();
    for (let i = 0; i < keys.length; i += BATCH) {
      const batch = keys.slice(i, i + BATCH);
      const rows = await this.sql.all<{ key: string; value: string }>(
        `SELECT key, CAST(value AS TEXT) AS value FROM lookup_entries WHERE table_name = ? AND key IN (${batch.map(() => '?').join(', ')})`,
        [name, ...batch],
      );
      for (const r of rows) out.set(r.key, JSON.parse(r.value));
    }
    return out;
  }

  private async insertEntries(name: string, entries: readonly LookupEntry[]): Promise<void> {
    for (let i = 0; i < entries.length; i += BATCH) {
      const batch = entries.slice(i, i + BATCH);
      await this.sql.run(
        `INSERT INTO lookup_entries (table_name, key, value) VALUES ${batch.map(() => '(?, ?, ?)').join(', ')}`,
        batch.flatMap((e) => [name, e.key, JSON.stringify(e.value ?? null)]),
      );
    }
  }
}
