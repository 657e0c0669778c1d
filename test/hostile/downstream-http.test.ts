import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
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
async function failureWithin(config: Record<string, unknown>, ms: number): Promise<Error & { code: string; retryable: boolean }> {
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
    const started = performance.now();
    const err = await failureWithin({ url: `${base}/drip`, timeoutMs: 300 }, 5000);
    const took = performance.now() - started;
    expect(err).toMatchObject({ code: 'timeout', retryable: true });
    expect(err.message).toMatch(/within 300 ms/);
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took, 'the step should end near its deadline').toBeLessThan(2000);
    await until(() => closed.includes('/drip'), 'the trickling connection to be closed');
  });
});

describe('a downstream that answers broken JSON', () => {
  it('fails the step as invalid_response (retryable: a body cut short comes from a downstream under strain, and the retry carries the same Idempotency-Key)', async () => {
    routes.set('/cut', (_q, res) => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end('{"id": 1,'));
    const err = await failureWithin({ url: `${base}/cut?page=2` }, 5000);
    expect(err).toMatchObject({ code: 'invalid_response', retryable: true, details: { status: 200, body: '{"id": 1,' } });
    expect(err.message).toContain(`GET ${base}/cut`);
    expect(err.message).toMatch(/not valid JSON: .*(JSON|position|end)/);
  });

  it('keeps a body that never claimed to be JSON as text', async () => {
    routes.set('/plain', (_q, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('{"id": 1,'));
    expect(await run({ url: `${base}/plain` })).toBe('{"id": 1,');
  });
});
