import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import zlib from 'node:zlib';
import http from '../../nodes/connector/http.node.ts';
import { makeTestContext } from '../../nodes/testing.ts';
import { createHttpClient } from '../../runtime/engine/http-client.ts';
import { loopbackEgress } from '../support/egress.ts';
import { until } from '../support/poll.ts';

/** A downstream that misbehaves on purpose: one handler per path, every response's socket close recorded. */
type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const routes = new Map<string, Handler>();
const closed: string[] = [];
let server: Server;
let base: string;
const client = createHttpClient({ maxResponseBytes: 1024 * 1024, egress: loopbackEgress() });

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url!, 'http://x').pathname;
    res.on('close', () => closed.push(path));
    (routes.get(path) ?? ((_q, r) => r.writeHead(404).end()))(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await client.close();
});

async function run(config: Record<string, unknown>): Promise<unknown> {
  return http.execute(makeTestContext({ http: client }), {}, http.config.parse(config));
}

/** The step's error, or a clear failure when it has neither failed nor finished within `ms`. */
async function failureWithin(
  config: Record<string, unknown>,
  ms: number,
): Promise<Error & { code: string; retryable: boolean }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the step was still running after ${ms} ms`)), ms);
  });
  try {
    await Promise.race([run(config), late]);
  } catch (err) {
    if ((err as Error).message.startsWith('the step was still running')) throw err;
    return err as never;
  } finally {
    clearTimeout(timer);
  }
  throw new Error('expected the step to fail');
}

describe('a downstream that trickles its answer', () => {
  it('fails the step at timeoutMs for the whole exchange, not per gap between bytes', async () => {
    routes.set('/drip', (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      const tick = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(tick));
    });
    // A limit per gap would never run out here (a byte every 100 ms): the step would still be running at the bound.
    const err = await failureWithin({ url: `${base}/drip`, timeoutMs: 300 }, 10_000);
    expect(err).toMatchObject({ code: 'timeout', retryable: true });
    expect(err.message).toMatch(/within 300 ms/);
    await until(() => closed.includes('/drip'), 'the trickling connection to be closed');
  });
});

describe('a downstream that answers broken JSON', () => {
  it('fails the step as invalid_response (retryable: a body cut short comes from a downstream under strain, and the retry carries the same Idempotency-Key)', async () => {
    routes.set('/cut', (_q, res) =>
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end('{"id": 1,'),
    );
    const err = await failureWithin({ url: `${base}/cut?page=2` }, 5000);
    expect(err).toMatchObject({
      code: 'invalid_response',
      retryable: true,
      details: { status: 200, body: '{"id": 1,' },
    });
    expect(err.message).toContain(`GET ${base}/cut`);
    expect(err.message).toMatch(/not valid JSON: .*(JSON|position|end)/);
  });

  it('keeps a body that never claimed to be JSON as text', async () => {
    routes.set('/plain', (_q, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('{"id": 1,'));
    expect(await run({ url: `${base}/plain` })).toBe('{"id": 1,');
  });
});

describe('a downstream that compresses its answer', () => {
  const json = JSON.stringify({ id: 7, name: 'Acme', note: 'x'.repeat(2000) });
  const encoded: Record<string, Buffer> = {
    gzip: zlib.gzipSync(json),
    deflate: zlib.deflateSync(json),
    br: zlib.brotliCompressSync(json),
    'deflate, gzip': zlib.gzipSync(zlib.deflateRawSync(json)),
  };

  it('decodes gzip, deflate (zlib or raw), br and stacked codings, having asked for them', async () => {
    for (const [coding, body] of Object.entries(encoded)) {
      routes.set('/packed', (req, res) =>
        res
          .writeHead(200, {
            'content-type': 'application/json',
            'content-encoding': coding,
            'x-asked': String(req.headers['accept-encoding']),
          })
          .end(body),
      );
      const out = (await run({ url: `${base}/packed`, fullResponse: true })) as {
        body: unknown;
        headers: Record<string, string>;
      };
      expect(out.body, coding).toEqual(JSON.parse(json));
      expect(out.headers['x-asked']).toBe('gzip, deflate, br');
    }
    routes.set('/empty', (_q, res) => res.writeHead(204, { 'content-encoding': 'gzip' }).end());
    expect(await run({ url: `${base}/empty`, method: 'DELETE' })).toBeNull();
  });

  it('stops a brotli bomb (809 bytes that decode to 1 GiB) at the size cap without holding it in memory', async () => {
    const bomb = readFileSync(new URL('../fixtures/brotli-1gib-of-zeros.br', import.meta.url));
    routes.set('/bomb', (_q, res) =>
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'br' }).end(bomb),
    );
    const before = process.memoryUsage().rss;
    const err = await failureWithin({ url: `${base}/bomb` }, 10_000);
    expect(err).toMatchObject({ code: 'response_too_large', retryable: false });
    expect(err.message).toMatch(/answered more than 1048576 bytes \(decoded\)/);
    expect(process.memoryUsage().rss - before, 'memory grown while decoding').toBeLessThan(200 * 1024 * 1024);
  });

  it('stops an endless gzip stream at the cap and closes the connection', async () => {
    routes.set('/endless', (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-encoding': 'gzip' });
      const zeros = Buffer.alloc(64 * 1024);
      const gzip = zlib.createGzip();
      gzip.pipe(res);
      const more = () => {
        while (!res.destroyed && gzip.write(zeros));
      };
      gzip.on('drain', more);
      res.on('close', () => gzip.destroy());
      more();
    });
    const err = await failureWithin({ url: `${base}/endless` }, 10_000);
    expect(err).toMatchObject({ code: 'response_too_large', retryable: false });
    await until(() => closed.includes('/endless'), 'the endless connection to be closed');
  });

  it('fails a body that does not decode (retryable, like a cut-short JSON body) and an unknown coding (not retryable: it will not change)', async () => {
    routes.set('/garbled', (_q, res) =>
      res
        .writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
        .end('{"plain": "not gzip"}'),
    );
    expect(await failureWithin({ url: `${base}/garbled` }, 5000)).toMatchObject({
      code: 'invalid_response',
      retryable: true,
      message: expect.stringMatching(/gzip body that does not decode/),
    });
    routes.set('/zstd', (_q, res) =>
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'zstd' }).end('(\xb5/\xfd'),
    );
    expect(await failureWithin({ url: `${base}/zstd` }, 5000)).toMatchObject({
      code: 'invalid_response',
      retryable: false,
      message: expect.stringMatching(/content-encoding "zstd"/),
    });
  });
});
