/**
 * Statement texts for PostgreSQL from the parts' SQL, where `?` marks a value: with `$n` parameters, or
 * with the values written in as literals (so several statements can go to the server as one message).
 */

/** A text cut at its `?` placeholders outside quotes: n placeholders, n + 1 pieces. Kept per text. */
const cut = new Map<string, string[]>();

function piecesOf(text: string): string[] {
  let pieces = cut.get(text);
  if (pieces) return pieces;
  pieces = [];
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '?') {
      pieces.push(text.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(text.slice(start));
  if (cut.size < 5000) cut.set(text, pieces);
  return pieces;
}

/** `text` with its n-th `?` placeholder outside quotes as PostgreSQL's `$n`. */
export function toPostgresPlaceholders(text: string): string {
  const pieces = piecesOf(text);
  let out = pieces[0];
  for (let i = 1; i < pieces.length; i++) out += `$${i}${pieces[i]}`;
  return out;
}

/**
 * A value as a quoted literal, whose type PostgreSQL infers from where it stands as it does for a
 * parameter's; null for a value that cannot be one (a text with a NUL character, an unknown kind).
 * Values come as node-postgres would send them: text, numbers, booleans, Buffers (bytea) or null.
 */
export function literal(v: unknown): string | null {
  if (v === null || v === undefined) return 'NULL';
  // bytea's hex input; an escape string, so it reads the same whatever standard_conforming_strings says.
  if (Buffer.isBuffer(v)) return `E'\\\\x${v.toString('hex')}'`;
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'bigint' && typeof v !== 'boolean') return null;
  const text = String(v);
  if (text.includes('\0')) return null;
  const quoted = text.replaceAll("'", "''");
  return text.includes('\\') ? `E'${quoted.replaceAll('\\', '\\\\')}'` : `'${quoted}'`;
}

/** Longest statement text written with its values in; a longer one is sent with parameters. */
export const MAX_INLINE_CHARS = 256 * 1024;

/**
 * `text` with each `?` placeholder outside quotes replaced by the literal of its value; null when a value
 * cannot be written in, the count does not match, or the statement would be longer than MAX_INLINE_CHARS.
 */
export function withValues(text: string, values: readonly unknown[]): string | null {
  const pieces = piecesOf(text);
  if (pieces.length !== values.length + 1) return null;
  let out = pieces[0];
  for (let i = 0; i < values.length; i++) {
    const l = literal(values[i]);
    if (l === null) return null;
    out += l + pieces[i + 1];
    if (out.length > MAX_INLINE_CHARS) return null;
  }
  return out;
}

/** `EXECUTE name(v1, v2, …)` for `text`'s prepared statement, its values written in; null as for withValues. */
export function executeText(name: string, text: string, values: readonly unknown[]): string | null {
  if (piecesOf(text).length !== values.length + 1) return null;
  let out = `EXECUTE ${name}`;
  for (let i = 0; i < values.length; i++) {
    const l = literal(values[i]);
    if (l === null) return null;
    out += (i === 0 ? '(' : ', ') + l;
    if (out.length > MAX_INLINE_CHARS) return null;
  }
  return values.length ? `${out})` : out;
}

/** What a statement made to check its own rows (checkedText) fails with: the check's id and the rows. */
const REFUSED = /weft-check (\d+) (\d+)/;

/**
 * `text` made to fail on the server unless it finds (a SELECT) or changes (INSERT, UPDATE, DELETE without
 * RETURNING) exactly `rows` rows: with an invalid integer naming the check's id, the statement's first value
 * when `idFirst` and its last otherwise, and the rows it met. Null for a statement it cannot be made of.
 */
export function checkedText(text: string, rows: number): { text: string; idFirst: boolean } | null {
  const verb = /^\s*(\w+)/.exec(text)?.[1].toUpperCase();
  const refuse = `CASE WHEN count(*) = ${Math.trunc(rows)} THEN 0 ELSE CAST('weft-check ' || ? || ' ' || count(*) AS integer) END`;
  if (verb === 'SELECT') return { text: `SELECT ${refuse} FROM (${text}) AS checked`, idFirst: true };
  if ((verb === 'INSERT' || verb === 'UPDATE' || verb === 'DELETE') && !/\bRETURNING\b/i.test(text))
    return { text: `WITH checked AS (${text} RETURNING 1) SELECT ${refuse} FROM checked`, idFirst: false };
  return null;
}

/** The check's id and the rows met, when `err` is the failure of a statement made by checkedText. */
export function refusedCheck(err: unknown): { id: number; rows: number } | null {
  const e = err as { code?: unknown; message?: unknown } | null;
  const m = e?.code === '22P02' ? REFUSED.exec(String(e.message)) : null;
  return m ? { id: Number(m[1]), rows: Number(m[2]) } : null;
}
