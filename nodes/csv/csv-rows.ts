import { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { ErrorCodes, WeftError } from '../../shared/errors.ts';
import { setOwn } from '../../shared/own-property.ts';
import { type CsvColumn, fieldReader } from './column-types.ts';

/** How a CSV text is read into rows. */
export interface CsvReadOptions {
  delimiter: string;
  /** The first record names the fields; without it, `columns` name them by position. */
  header: boolean;
  /** CSV header → field name. */
  headerMap: Record<string, string>;
  columns: CsvColumn[];
  skipEmptyLines: boolean;
  trim: boolean;
  /** Field that gets each good row's line number (of its last line, for a record over several lines). */
  lineField?: string;
}

/** A bad row: its line, the column (null when the record itself is malformed) and what is wrong. */
export interface CsvRowError {
  line: number;
  column: string | null;
  message: string;
}

/** A CSV record longer than this stops the read (a quote never closed would otherwise take the whole file). */
const MAX_RECORD_CHARS = 1024 * 1024;

/** The bad rows of a read: every one counted, the first `keep` of their errors kept. */
export class CsvProblems {
  readonly errors: CsvRowError[] = [];
  rejected = 0;

  constructor(private readonly keep: number) {}

  reject(errors: CsvRowError[]): void {
    this.rejected++;
    for (const e of errors) if (this.errors.length < this.keep) this.errors.push(e);
  }

  /** The kept errors by line (the parser reports a malformed record ahead of the rows before it). */
  inOrder(): CsvRowError[] {
    return this.errors.sort((a, b) => a.line - b.line);
  }
}

/** The field names of a read, from the header record (mapped) or from the columns. */
function namesOf(header: string[] | null, o: CsvReadOptions): string[] {
  if (!header) return o.columns.map((c) => c.name);
  const names = header.map((h) => {
    const name = h.trim();
    return Object.hasOwn(o.headerMap, name) ? o.headerMap[name]! : name;
  });
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n))
      throw new WeftError(
        ErrorCodes.validation,
        `the header names the field "${n}" twice; map one of them to another name`,
      );
    seen.add(n);
  }
  if (o.lineField && seen.has(o.lineField))
    throw new WeftError(
      ErrorCodes.validation,
      `the header has a column "${o.lineField}", the field lineField names for the line number; choose another lineField`,
    );
  for (const c of o.columns)
    if (c.required && !seen.has(c.name))
      throw new WeftError(
        ErrorCodes.validation,
        `column "${c.name}" is required but the header has no such column (it has: ${names.slice(0, 50).join(', ')})`,
      );
  return names;
}

/**
 * The good rows of a CSV text given in chunks, read as they stream in (csv-parse): each field by its column's
 * type; a row with a bad field, or a record the parser cannot read, is reported to `problems` with its line
 * and left out, and the rows after it go on.
 */
export async function* csvRows(
  source: AsyncIterable<Uint8Array | string>,
  o: CsvReadOptions,
  problems: CsvProblems,
  signal?: AbortSignal,
): AsyncIterable<Record<string, unknown>> {
  const byName = new Map(await Promise.all(o.columns.map(async (c) => [c.name, await fieldReader(c)] as const)));
  const parser = parse({
    delimiter: o.delimiter,
    trim: o.trim,
    skip_empty_lines: o.skipEmptyLines,
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_CHARS,
    bom: true,
    info: true,
    on_skip: (err: CsvError | undefined) => {
      const line = Number(err?.lines ?? 0);
      problems.reject([
        { line, column: null, message: `line ${line}: ${err?.message ?? 'the record cannot be read'}` },
      ]);
      return undefined;
    },
  });
  const input = Readable.from(source, { objectMode: false });
  input.on('error', (err) => parser.destroy(err));
  const stop = () => parser.destroy(signal?.reason ?? new WeftError(ErrorCodes.aborted, 'the read was aborted'));
  signal?.addEventListener('abort', stop, { once: true });
  input.pipe(parser);
  let names: string[] | null = o.header ? null : namesOf(null, o);
  const absent = () => o.columns.filter((c) => !names!.includes(c.name));
  let missing: CsvColumn[] = o.header ? [] : absent();
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!names) {
        names = namesOf(record, o);
        missing = absent();
        continue;
      }
      const line = info.lines;
      const row: Record<string, unknown> = {};
      const errors: CsvRowError[] = [];
      for (let i = 0; i < record.length; i++) {
        const name = names[i] ?? `field${i + 1}`;
        const read = byName.get(name);
        const raw = record[i]!;
        if (!read) {
          setOwn(row, name, raw);
          continue;
        }
        const cast = read(raw);
        if (cast.ok) setOwn(row, name, cast.value);
        else errors.push({ line, column: name, message: `line ${line}, column ${name}: ${cast.problem}` });
      }
      for (const col of missing) setOwn(row, col.name, col.type === 'string' ? '' : null);
      if (o.lineField) setOwn(row, o.lineField, line);
      if (errors.length > 0) problems.reject(errors);
      else yield row;
    }
  } finally {
    signal?.removeEventListener('abort', stop);
    input.destroy();
  }
}
