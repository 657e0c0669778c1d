import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';

/** What the client asks for in Accept-Encoding when the request does not say. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

// Lenient about a missing end of stream, as browsers are: a body cut short then fails where it is read (e.g. as JSON).
const ZLIB = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
const BROTLI = { flush: zlib.constants.BROTLI_OPERATION_FLUSH, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH };

type Decoder = NodeJS.ReadWriteStream | ((source: AsyncIterable<Buffer>) => AsyncGenerator<Buffer>);

const DECODERS: Record<string, () => Decoder> = {
  gzip: () => zlib.createGunzip(ZLIB),
  'x-gzip': () => zlib.createGunzip(ZLIB),
  br: () => zlib.createBrotliDecompress(BROTLI),
  deflate: () => inflate,
};

/** Most content codings a response may stack ("gzip, br"); more is not a real server. */
const MAX_CODINGS = 3;

/**
 * Reads a response body into memory, decoding its Content-Encoding (gzip, deflate, br, stacked in the
 * order they were applied). The size cap counts decoded bytes and is checked as they arrive, so a small
 * compressed body that would decode to gigabytes stops at the cap; backpressure keeps the decoders from
 * running ahead of the count.
 */
export async function readBody(
  body: Readable,
  contentEncoding: string | undefined,
  maxBytes: number,
  where: string,
): Promise<Buffer> {
  const codings = (contentEncoding ?? '')
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '' && c !== 'identity');
  const unknown = codings.find((c) => !Object.hasOwn(DECODERS, c));
  if (unknown !== undefined || codings.length > MAX_CODINGS) {
    discard(body);
    throw new WeftError(
      ErrorCodes.invalidResponse,
      `${where} answered with content-encoding "${contentEncoding}", which cannot be decoded (gzip, deflate and br can)`,
      { retryable: false },
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  // Kept aside: the pipeline reports its own abort rather than the error that stopped it.
  let tooLarge: WeftError | null = null;
  const collect = async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      size += chunk.length;
      if (size > maxBytes) {
        tooLarge = new WeftError(
          ErrorCodes.responseTooLarge,
          `${where} answered more than ${maxBytes} bytes${codings.length ? ' (decoded)' : ''}`,
          { retryable: false, details: { maxBytes } },
        );
        throw tooLarge;
      }
      chunks.push(chunk);
    }
  };
  try {
    if (codings.length === 0) await collect(body);
    else await pipeline(body, ...(codings.reverse().map((c) => DECODERS[c]!()) as [Decoder]), collect);
  } catch (err) {
    discard(body);
    if (tooLarge) throw tooLarge;
    throw isDecodeError(err)
      ? new WeftError(
          ErrorCodes.invalidResponse,
          `${where} answered a ${codings.join(', ')} body that does not decode: ${(err as Error).message}`,
          { retryable: true, cause: err },
        )
      : err;
  }
  return Buffer.concat(chunks, size);
}

/** "deflate" means the zlib format (RFC 9110), yet some servers send raw deflate: its first byte tells which. */
async function* inflate(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const input = source[Symbol.asyncIterator]();
  let first = await input.next();
  while (!first.done && first.value.length === 0) first = await input.next();
  if (first.done) return;
  const z = (first.value[0]! & 0x0f) === 0x08 ? zlib.createInflate(ZLIB) : zlib.createInflateRaw(ZLIB);
  const feed = (async () => {
    for (let n: IteratorResult<Buffer> = first; !n.done; n = await input.next())
      if (!z.write(n.value)) await once(z, 'drain');
    z.end();
  })().catch((err: Error) => z.destroy(err));
  yield* z;
  await feed;
}

/** Stops reading the body; the connection is closed, and the error its stream reports on the way has no one to tell. */
function discard(body: Readable): void {
  body.on('error', () => {});
  body.destroy();
}

function isDecodeError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return (
    typeof code === 'string' && (code.startsWith('Z_') || code.startsWith('ERR__') || code.startsWith('ERR_BROTLI'))
  );
}
