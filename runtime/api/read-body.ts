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
      if (size + b.length > declaredLength)
        throw new WeftError(ErrorCodes.badRequest, 'the request body is longer than its Content-Length');
      b.copy(buf, size);
      size += b.length;
    }
    return size === declaredLength ? buf : buf.subarray(0, size);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  // Leaving the loop early must not destroy the request (and with it the connection): see dropRest.
  for await (const chunk of stream.iterator({ destroyOnReturn: false })) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      dropRest(stream, limit);
      throw tooLarge(limit);
    }
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
}

/**
 * Reads and drops what is left of a body past its limit, so a sender still writing receives the 413
 * instead of a reset connection; past `max` more bytes the connection is cut.
 */
function dropRest(stream: Readable, max: number): void {
  let dropped = 0;
  stream.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > max) stream.destroy();
  });
  stream.resume();
}

/** Reads a fetch-style body stream, stopping with 413 as soon as it passes the limit. */
export async function readWebStream(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
}

export function tooLarge(limit: number): WeftError {
  return new WeftError(ErrorCodes.payloadTooLarge, `the request body exceeds the limit of ${limit} bytes`);
}
