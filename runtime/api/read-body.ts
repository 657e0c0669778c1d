import type { Context } from 'hono';
import type { IncomingMessage } from 'node:http';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';

/**
 * Reads a request body as text with a size limit (413 past it). Under the node
 * server it reads the socket stream directly, without web-stream adapters.
 */
export async function readBodyText(c: Context, limit: number): Promise<string> {
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (declared > limit) throw tooLarge(limit);
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming || incoming.readableEnded) {
    const text = await c.req.text();
    if (Buffer.byteLength(text) > limit) throw tooLarge(limit);
    return text;
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
  return chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
}

function tooLarge(limit: number): WeftError {
  return new WeftError(ErrorCodes.payloadTooLarge, `the request body exceeds the limit of ${limit} bytes`);
}
