import { WeftError } from '../../shared/errors.ts';
import { FileErrorCodes, type FileContent } from '../../shared/file-ref.ts';

/** The pieces of a file's content as bytes, whatever form it was given in. */
export async function* piecesOf(content: FileContent): AsyncIterable<Uint8Array> {
  if (typeof content === 'string') yield Buffer.from(content, 'utf8');
  else if (content instanceof Uint8Array) yield content;
  else if (
    typeof content === 'object' &&
    content !== null &&
    (Symbol.asyncIterator in content || Symbol.iterator in content)
  ) {
    for await (const piece of content as AsyncIterable<unknown>) {
      if (typeof piece === 'string') yield Buffer.from(piece, 'utf8');
      else if (piece instanceof Uint8Array) yield piece;
      else
        throw new WeftError(FileErrorCodes.badContent, `file content: a piece is ${typeOf(piece)}, not bytes or text`);
    }
  } else
    throw new WeftError(FileErrorCodes.badContent, `file content is ${typeOf(content)}, not bytes, text or a stream`);
}

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

/**
 * Cuts a stream of pieces into chunks of exactly `size` bytes (the last one shorter), copying each
 * piece once: memory stays at one chunk however large the pieces or the file.
 */
export async function* chunksOf(pieces: AsyncIterable<Uint8Array>, size: number): AsyncIterable<Buffer> {
  let chunk = Buffer.allocUnsafe(size);
  let filled = 0;
  for await (const piece of pieces) {
    let at = 0;
    while (at < piece.byteLength) {
      const n = Math.min(size - filled, piece.byteLength - at);
      chunk.set(piece.subarray(at, at + n), filled);
      filled += n;
      at += n;
      if (filled === size) {
        yield chunk;
        chunk = Buffer.allocUnsafe(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield chunk.subarray(0, filled);
}
