import { WeftError } from './errors.ts';

/** Longest line read from a JSON Lines file (a line that never ends stops the read instead of filling memory). */
export const MAX_JSON_LINE_CHARS = 16 * 1024 * 1024;

/** The lines of a UTF-8 text given in chunks, with their line numbers (from 1); a last line without "\n" counts. */
export async function* textLines(chunks: AsyncIterable<Uint8Array>): AsyncIterable<{ text: string; line: number }> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let line = 0;
  for await (const chunk of chunks) {
    const text = pending + decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
      line++;
      yield { text: text.slice(start, nl > start && text[nl - 1] === '\r' ? nl - 1 : nl), line };
      start = nl + 1;
    }
    pending = text.slice(start);
    if (pending.length > MAX_JSON_LINE_CHARS)
      throw new WeftError('invalid_json_lines', `line ${line + 1} is longer than ${MAX_JSON_LINE_CHARS} characters`);
  }
  pending += decoder.decode();
  if (pending !== '') yield { text: pending, line: line + 1 };
}

/** The values of a JSON Lines text given in chunks, one per non-empty line; a line that is not JSON stops with its number. */
export async function* jsonLineValues(
  chunks: AsyncIterable<Uint8Array>,
  what = 'JSON Lines file',
): AsyncIterable<unknown> {
  for await (const { text, line } of textLines(chunks)) {
    if (text.trim() === '') continue;
    try {
      yield JSON.parse(text);
    } catch (err) {
      throw new WeftError('invalid_json_lines', `${what}, line ${line}: not JSON (${(err as Error).message})`);
    }
  }
}

/** How many non-empty lines (values) a JSON Lines text holds, read in chunks without parsing them. */
export async function countJsonLines(chunks: AsyncIterable<Uint8Array>): Promise<number> {
  let n = 0;
  for await (const { text } of textLines(chunks)) if (text.trim() !== '') n++;
  return n;
}

/** Joins values into JSON Lines text pieces of about `bytes` characters, for a file written chunk by chunk. */
export async function* toJsonLines(values: AsyncIterable<unknown>, bytes = 64 * 1024): AsyncIterable<string> {
  let out = '';
  for await (const v of values) {
    out += `${JSON.stringify(v)}\n`;
    if (out.length >= bytes) {
      yield out;
      out = '';
    }
  }
  if (out !== '') yield out;
}

/** The content type of JSON Lines files. */
export const JSON_LINES_TYPE = 'application/x-ndjson';
