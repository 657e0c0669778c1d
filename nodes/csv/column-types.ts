import { z } from 'zod';

/** How one field of a CSV row is read. */
export const csvColumnSchema = z
  .object({
    name: z
      .string()
      .min(1)
      .max(200)
      .describe('The field name (after the header mapping), or with no header row the name given to this position'),
    type: z
      .enum(['string', 'integer', 'number', 'boolean', 'date'])
      .default('string')
      .describe('What the value must be: text, a whole number, a number, a boolean or a date'),
    required: z.boolean().default(false).describe('An empty value is an error (else it is null, or "" for text)'),
    format: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe(
        'For a date: its format in date-fns tokens, e.g. "dd.MM.yyyy" or "yyyy-MM-dd HH:mm" (default yyyy-MM-dd)',
      ),
    decimal: z
      .enum(['.', ','])
      .default('.')
      .describe('For a number: the decimal separator, "." (12.50) or "," (12,50)'),
  })
  .strict();
export type CsvColumn = z.output<typeof csvColumnSchema>;

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);
const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const TIME_TOKENS = /[HhmsaSkK]/;
/** A fixed reference date, so that a format without a year or day reads the same every day. */
const REFERENCE = new Date(2000, 0, 1);

/** A field's value read by its column, or what is wrong with it. */
export type Cast = { ok: true; value: unknown } | { ok: false; problem: string };

const quoted = (raw: string) => JSON.stringify(raw.length > 100 ? `${raw.slice(0, 100)}…` : raw);

/** The date-fns functions a date column reads with. */
interface DateFns {
  parse: typeof import('date-fns/parse').parse;
  format: typeof import('date-fns/format').format;
  isValid: typeof import('date-fns/isValid').isValid;
}

let dateFns: Promise<DateFns> | null = null;
/** date-fns, loaded for the first date column read (single functions, not the package index, which loads all of them). */
function loadDateFns(): Promise<DateFns> {
  dateFns ??= Promise.all([import('date-fns/parse'), import('date-fns/format'), import('date-fns/isValid')]).then(
    ([p, f, v]) => ({ parse: p.parse, format: f.format, isValid: v.isValid }),
  );
  return dateFns;
}

/**
 * Reads `raw` as the column says: its value, or what is wrong (for the error "line N, column X: …");
 * `dates`: date-fns, for a date column.
 */
function castField(raw: string, col: CsvColumn, dates: DateFns | null): Cast {
  if (raw === '') {
    if (col.required) return { ok: false, problem: 'a value is required' };
    return { ok: true, value: col.type === 'string' ? '' : null };
  }
  switch (col.type) {
    case 'string':
      return { ok: true, value: raw };
    case 'integer': {
      const n = Number(raw);
      if (!INTEGER.test(raw)) return { ok: false, problem: `${quoted(raw)} is not an integer` };
      if (!Number.isSafeInteger(n)) return { ok: false, problem: `${quoted(raw)} is too large for an integer` };
      return { ok: true, value: n };
    }
    case 'number': {
      const text = col.decimal === ',' ? raw.replace(',', '.') : raw;
      if ((col.decimal === ',' && raw.includes('.')) || !NUMBER.test(text))
        return { ok: false, problem: `${quoted(raw)} is not a number` };
      return { ok: true, value: Number(text) };
    }
    case 'boolean': {
      const v = raw.toLowerCase();
      if (TRUE.has(v)) return { ok: true, value: true };
      if (FALSE.has(v)) return { ok: true, value: false };
      return { ok: false, problem: `${quoted(raw)} is not a boolean (true/false, yes/no, 1/0)` };
    }
    case 'date': {
      const fmt = col.format ?? 'yyyy-MM-dd';
      const d = dates!.parse(raw, fmt, REFERENCE);
      if (!dates!.isValid(d)) return { ok: false, problem: `${quoted(raw)} is not a date of the form ${fmt}` };
      return { ok: true, value: dates!.format(d, TIME_TOKENS.test(fmt) ? "yyyy-MM-dd'T'HH:mm:ss" : 'yyyy-MM-dd') };
    }
  }
}

/** Distinct texts a date column remembers: a file's dates repeat (a night's file spans a few days), parsing them does not. */
const REMEMBERED_DATES = 1024;

/**
 * How one column's fields are read, for a whole file: castField, with a date column remembering what its
 * last distinct texts gave (date-fns parses a text in about ten microseconds, a Map answers in a fraction).
 */
export async function fieldReader(col: CsvColumn): Promise<(raw: string) => Cast> {
  if (col.type !== 'date') return (raw) => castField(raw, col, null);
  const dates = await loadDateFns();
  const seen = new Map<string, Cast>();
  return (raw) => {
    let cast = seen.get(raw);
    if (cast === undefined) {
      cast = castField(raw, col, dates);
      if (seen.size >= REMEMBERED_DATES) seen.clear();
      seen.set(raw, cast);
    }
    return cast;
  };
}
