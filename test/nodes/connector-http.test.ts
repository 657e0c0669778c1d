import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import http from '../../nodes/connector/http.node.ts';
import { makeTestContext } from '../../nodes/testing.ts';
import { createHttpClient } from '../../runtime/engine/http-client.ts';
import { loopbackEgress } from '../support/egress.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** The Retry-After date /slow-down last sent. */
let retryAt = '';
const seen: Seen[] = [];
const routes: Record<string, (req: IncomingMessage, res: ServerResponse, body: string) => void> = {
  '/json': (_q, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":7,"name":"Acme"}'),
  '/echo': (req, res, body) =>
    res
      .writeHead(201, { 'content-type': 'application/json' })
      .end(JSON.stringify({ method: req.method, url: req.url, body })),
  '/text': (_q, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('hello'),
  '/untyped-json': (_q, res) => res.writeHead(200).end('[1,2]'),
  '/empty': (_q, res) => res.writeHead(204).end(),
  '/busy': (_q, res) => res.writeHead(503, { 'retry-after': '7' }).end('x'.repeat(5000)),
  '/slow-down': (_q, res) => {
    retryAt = new Date(Date.now() + 120_000).toUTCString();
    res.writeHead(429, { 'retry-after': retryAt }).end('{"error":"rate"}');
  },
  '/much-later': (_q, res) => res.writeHead(429, { 'retry-after': '999999' }).end(),
  '/crash': (_q, res) => res.writeHead(500).end('boom'),
  '/missing': (_q, res) => res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no such client"}'),
  '/moved': (_q, res) => res.writeHead(302, { location: '/json' }).end(),
  '/hang': () => {}, // never answers
};

let server: Server;
let base: string;
const client = createHttpClient({ egress: loopbackEgress() });

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const route = routes[new URL(req.url!, 'http://x').pathname];
      if (route) route(req, res, body);
      else res.writeHead(500).end('no route');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await client.close();
});

async function run(
  config: Record<string, unknown>,
  ctxOverrides: Parameters<typeof makeTestContext>[0] = {},
): Promise<unknown> {
  const ctx = makeTestContext({ http: client, idempotencyKey: 'run-9:call-crm', ...ctxOverrides });
  return http.execute(ctx, {}, http.config.parse(config));
}

async function failure(
  config: Record<string, unknown>,
): Promise<{ code: string; retryAfterMs?: number; details: { status: number; body: string } }> {
  try {
    await run(config);
  } catch (err) {
    return err as never;
  }
  throw new Error('expected the request to fail');
}

const lastTo = (path: string) => seen.filter((s) => s.url.startsWith(path)).at(-1)!;

describe('connector.http against a real server', () => {
  it('outputs the parsed JSON body of a 2xx answer', async () => {
    expect(await run({ url: `${base}/json` })).toEqual({ id: 7, name: 'Acme' });
    expect(lastTo('/json').headers['idempotency-key']).toBeUndefined();
  });

  it('parses JSON without a content-type, keeps text, and maps an empty body to null', async () => {
    expect(await run({ url: `${base}/untyped-json` })).toEqual([1, 2]);
    expect(await run({ url: `${base}/text` })).toBe('hello');
    expect(await run({ url: `${base}/empty`, method: 'DELETE' })).toBeNull();
  });

  it('sends the same Idempotency-Key on every attempt', async () => {
    const config = { url: `${base}/echo`, method: 'POST', body: { client: 'Acme' } };
    await run(config, { attempt: 1 });
    const first = lastTo('/echo');
    await run(config, { attempt: 2 });
    const second = lastTo('/echo');
    expect(first.headers['idempotency-key']).toBe('run-9:call-crm');
    expect(second.headers['idempotency-key']).toBe(first.headers['idempotency-key']);
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.body).toBe('{"client":"Acme"}');
    await run({ ...config, idempotencyKey: 'order-42' });
    expect(lastTo('/echo').headers['idempotency-key']).toBe('order-42');
  });

  it('sends a string body as is with its own content-type', async () => {
    const out = await run({
      url: `${base}/echo`,
      method: 'PUT',
      body: 'a=1',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(out).toMatchObject({ method: 'PUT', body: 'a=1' });
    expect(lastTo('/echo').headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('builds the query string on top of the URL', async () => {
    const out = (await run({ url: `${base}/echo?a=1`, method: 'POST', query: { b: 2, c: true, s: 'x y&z' } })) as {
      url: string;
    };
    expect(out.url).toBe('/echo?a=1&b=2&c=true&s=x+y%26z');
  });

  it('outputs status, headers and body with fullResponse', async () => {
    const out = await run({ url: `${base}/json`, fullResponse: true });
    expect(out).toMatchObject({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: { id: 7, name: 'Acme' },
    });
  });

  it('retries a 503 after Retry-After seconds with a truncated body', async () => {
    const err = await failure({ url: `${base}/busy` });
    expect(err).toMatchObject({
      code: 'http_server_error',
      retryable: true,
      retryAfterMs: 7000,
      details: { status: 503 },
    });
    expect(err.details.body).toHaveLength(2000);
    await expect(run({ url: `${base}/crash` })).rejects.toMatchObject({
      code: 'http_server_error',
      retryable: true,
      retryAfterMs: undefined,
    });
  });

  it('retries a 429 after a Retry-After date, capped at one hour', async () => {
    const before = Date.now();
    const err = await failure({ url: `${base}/slow-down` });
    const after = Date.now();
    expect(err).toMatchObject({
      code: 'rate_limited',
      retryable: true,
      details: { status: 429, body: '{"error":"rate"}' },
    });
    // The wait runs from when the answer was read (between before and after) to the date the downstream sent.
    expect(err.retryAfterMs).toBeGreaterThanOrEqual(Date.parse(retryAt) - after);
    expect(err.retryAfterMs).toBeLessThanOrEqual(Date.parse(retryAt) - before);
    await expect(run({ url: `${base}/much-later` })).rejects.toMatchObject({ retryAfterMs: 3_600_000 });
  });

  it('does not retry a 404 or a redirect', async () => {
    await expect(run({ url: `${base}/missing` })).rejects.toMatchObject({
      code: 'http_client_error',
      retryable: false,
      details: { status: 404, body: '{"error":"no such client"}' },
    });
    await expect(run({ url: `${base}/moved` })).rejects.toMatchObject({
      code: 'http_client_error',
      details: { status: 302 },
    });
  });

  it('retries a refused connection as network_error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(run({ url: `http://127.0.0.1:${port}/x` })).rejects.toMatchObject({
      code: 'network_error',
      retryable: true,
    });
  });

  it('retries a request that times out', async () => {
    await expect(run({ url: `${base}/hang`, timeoutMs: 100 })).rejects.toMatchObject({
      code: 'timeout',
      retryable: true,
    });
  });

  it('validates the URL and refuses a body on GET', () => {
    expect(http.config.safeParse({ url: 'ftp://example.com/x' }).error?.issues[0].path).toEqual(['url']);
    expect(http.config.safeParse({ url: 'not a url' }).success).toBe(false);
    expect(http.config.safeParse({ url: `${base}/json`, body: { a: 1 } }).error?.issues[0].path).toEqual(['body']);
    expect(http.retry.maxAttempts).toBeGreaterThan(1);
  });
});
