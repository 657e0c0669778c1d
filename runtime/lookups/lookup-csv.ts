import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import type { LookupEntry } from '../store/lookup-store.ts';

/**
 * A lookup table as CSV: a header row `key,value`, then one row per entry. A string value is written as
 * it is, any other value as its JSON; on import every value is read as text (an ERP number "00123" stays
 * "00123"), so a table of strings goes out and comes back unchanged.
 */
export function entriesToCsv(entries: readonly LookupEntry[]): string {
  const rows = entries.map((e) => [e.key, typeof e.value === 'string' ? e.value : JSON.stringify(e.value)]);
  return stringify([['key', 'value'], ...rows], { record_delimiter: '\r\n' });
}

/** The entries of a CSV text; its first row names the columns `key` and `value` (in any order). */
export function csvToEntries(text: string): LookupEntry[] {
  let rows: string[][];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: false, skip_empty_lines: true });
  } catch (err) {
    throw new WeftError(ErrorCodes.badRequest, `the CSV cannot be read: ${(err as Error).message}`);
  }
  const header = rows[0]?.map((h) => h.trim().toLowerCase());
  const k = header?.indexOf('key') ?? -1;
  const v = header?.indexOf('value') ?? -1;
  if (k < 0 || v < 0)
    throw new WeftError(ErrorCodes.badRequest, 'the first row of the CSV must name the columns "key" and "value"', {
      details: { line: 1, header: rows[0] ?? [] },
    });
  return rows.slice(1).map((r) => ({ key: r[k]!, value: r[v]! }));
}
