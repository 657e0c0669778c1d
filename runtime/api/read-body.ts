import type { Context } from 'hono';
import type { IncomingMessage } from 'node:http';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';

/**
 * Reads a request body with a size limit (413 past it). Under the node server
 * it reads the socket stream straight into one buffer sized by Content-Length,
 * so a large body is held once, not as chunks plus a joined copy.
 */
export async function readBody(c: Context, limit: number): Promise<Buffer> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const declared = Number((incoming ? incoming.headers['content-length'] : c.req.header('content-length')) ?? NaN);
  if (declared > limit) throw tooLarge(limit);
  if (!incoming || incoming.readableEnded) {
    const buf = Buffer.from(await c.req.arrayBuffer());
    if (buf.length > limit) throw tooLarge(limit);
    return buf;
  }
  if (Number.isInteger(declared) && declared >= 0) {
    const buf = Buffer.allocUnsafe(declared);
    let size = 0;
    for await (const chunk of incoming) {
      const b = chunk as Buffer;
      if (size + b.length > declared) throw new WeftError(ErrorCodes.badRequest, 'the request body is longer than its Content-Length');
      b.copy(buf, size);
      size += b.length;
    }
    return size === declared ? buf : buf.subarray(0, size);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      incoming.resume();
      throw tooLarge(limit);
    }
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
}

function tooLarge(limit: number): WeftError {
  return new WeftError(ErrorCodes.payloadTooLarge, `the request body exceeds the limit of ${limit} bytes`);
}
