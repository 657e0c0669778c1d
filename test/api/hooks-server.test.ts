import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { request } from 'node:http';
import { startServer, type RunningServer } from '../../runtime/server.ts';
import { silentLogger } from '../../runtime/logger.ts';
import { deploy } from '../support/weft.ts';

// Webhooks over a real socket: the node fast path in front of the Hono app.
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({
    config: { port: 0, dataDir: ':memory:', examplesDir: null, bodyLimit: 4096, logLevel: 'silent' },
    logger: silentLogger,
    schedules: false,
  });
  await deploy(server.weft, {
    id: 'echo',
    name: 'Echo',
    schemaVersion: 1,
    nodes: [
      { id: 'in', type: 'trigger.webhook', config: { path: 'crm/echo' } },
      {
        id: 'reply',
        type: 'control.respond',
        config: { status: 201, body: "={'got': order.id, 'src': $trigger.query.src}" },
      },
    ],
    edges: [{ id: 'e1', source: 'in', target: 'reply' }],
  });
});
afterAll(() => server.close(100));

function post(path: string, body: string | Buffer, headers: Record<string, string> = {}, chunked = false) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: any }>((resolve, reject) => {
    const req = request(
      `${server.url}${path}`,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          resolve({ status: res.statusCode!, headers: res.headers, body: text ? JSON.parse(text) : null });
        });
      },
    );
    req.on('error', reject);
    if (chunked) {
      req.write(body.slice(0, 10));
      req.end(body.slice(10));
    } else req.end(body);
  });
}

describe('webhooks over HTTP', () => {
  it('runs the flow and answers with its response, query included', async () => {
    const res = await post('/hooks/crm/echo/?src=crm', JSON.stringify({ order: { id: 'O-9' } }));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ got: 'O-9', src: 'crm' });
    expect(res.headers['weft-run-id']).toMatch(/^run_/);
  });

  it('returns the first run for a repeated Idempotency-Key', async () => {
    const first = await post('/hooks/crm/echo', '{"order":{"id":"A"}}', { 'idempotency-key': 'k-1' });
    const again = await post('/hooks/crm/echo', '{"order":{"id":"B"}}', { 'idempotency-key': 'k-1' });
    expect(again.headers['weft-run-id']).toBe(first.headers['weft-run-id']);
    expect(again.headers['weft-duplicate']).toBe('true');
    expect(again.body).toEqual({ got: 'A' });
  });

  it('answers unknown paths, malformed JSON and oversized bodies with coded errors, and keeps serving', async () => {
    expect((await post('/hooks/nothing', '{}')).body.error.code).toBe('not_found');
    const bad = await post('/hooks/crm/echo', '{"order":');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/not valid JSON/);
    const big = JSON.stringify({ pad: 'x'.repeat(5000) });
    expect((await post('/hooks/crm/echo', big)).status).toBe(413);
    const chunked = await post('/hooks/crm/echo', big, { 'transfer-encoding': 'chunked' }, true);
    expect(chunked.status).toBe(413);
    expect(chunked.body.error.code).toBe('payload_too_large');
    expect((await post('/hooks/crm/echo', '{"order":{"id":"C"}}')).status).toBe(201);
  });
});
