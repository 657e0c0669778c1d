import type { NodeContext } from '../define-node.ts';
import { ErrorCodes, WeftError } from '../../shared/errors.ts';
import { isFileRef } from '../../shared/file-ref.ts';

const PIECE = 64 * 1024;

/** A text in pieces, so a parser takes it in turns like a file's chunks. */
export async function* piecesOfText(text: string): AsyncIterable<string> {
  for (let at = 0; at < text.length; at += PIECE) yield text.slice(at, at + PIECE);
}

const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v);

/** The CSV an input expression gave: a file of the run (read chunk by chunk) or a text. */
export function csvSource(ctx: NodeContext, value: unknown, field: string): AsyncIterable<Uint8Array | string> {
  if (isFileRef(value)) return ctx.files.read(value);
  if (typeof value === 'string') return piecesOfText(value);
  throw new WeftError(
    ErrorCodes.validation,
    `${field} must give a file reference ({ "$weftFile": … }) or the CSV text; it gave ${kindOf(value)}`,
  );
}

export { kindOf };
