import type { Readable } from 'node:stream';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';

/**
 * Reads a request body stream with a size limit (413 past it). With a
 * Content-Length the bytes go straight into one buffer of that size, so a large
 * body is held once, not as chunks plus a joined copy.
 */
export async function readStream(stream: Readable, limit: number, declaredLength: number): Promise<Buffer> {
  if (declaredLength > limit) throw tooLarge(limit);
  if (Number.isInteger(declaredLength) && declaredLength >= 0) {
    const buf = Buffer.allocUnsafe(declaredLength);
    let size = 0;
    for await (const chunk of stream) {
      const b = chunk as Buffer;
      if (size + b.length > declaredLength) throw new WeftError(ErrorCodes.badRequest, 'the request body is longer than its Content-Length');
      b.copy(buf, size);
      size += b.length;
    }
    return size === declaredLength ? buf : buf.subarray(0, size);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      stream.resume();
      throw tooLarge(limit);
    }
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
}

export function tooLarge(limit: number): WeftError {
  return new WeftError(ErrorCodes.payloadTooLarge, `the request body exceeds the limit of ${limit} bytes`);
}
