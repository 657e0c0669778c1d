import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LOOKUP_NAME, lookupEntries, type LookupEntryInput } from '../../shared/lookups.ts';
import { readJsonFile } from '../flows/read-json-file.ts';

export interface LookupTableFile {
  file: string;
  name: string;
  entries: LookupEntryInput[];
}

/**
 * The lookup tables in folders of exported tables (lookups/<table>.json): the table's entries as a list of
 * { key, value }, or an object holding that list as `entries`. The file's name is the table's.
 * Returns the tables and what is wrong with any file (not JSON, a bad name or entry, a table in two folders).
 */
export function readLookupTables(dirs: readonly string[]): { tables: LookupTableFile[]; problems: string[] } {
  const tables: LookupTableFile[] = [];
  const problems: string[] = [];
  for (const dir of dirs) {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
    for (const f of files) {
      const file = join(dir, f);
      const name = f.slice(0, -'.json'.length);
      if (!LOOKUP_NAME.test(name)) {
        problems.push(
          `${file}: "${name}" is not a lookup table name (a letter, then up to 62 letters, digits, "_" or "-")`,
        );
        continue;
      }
      const other = tables.find((t) => t.name === name);
      if (other) {
        problems.push(`${file}: lookup table "${name}" is also in ${other.file}; keep one of them`);
        continue;
      }
      const read = readTable(file);
      if (typeof read === 'string') problems.push(read);
      else tables.push({ file, name, entries: read });
    }
  }
  return { tables, problems };
}

function readTable(file: string): LookupEntryInput[] | string {
  let raw: unknown;
  try {
    raw = readJsonFile(file);
  } catch (err) {
    return (err as Error).message;
  }
  const list =
    raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as { entries?: unknown }).entries : (raw as unknown);
  if (!Array.isArray(list)) return `${file}: a lookup table file holds a list of { "key", "value" } entries`;
  const r = lookupEntries.safeParse(list);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  return `${file}: entries.${issue.path.join('.')}: ${issue.message}`;
}
