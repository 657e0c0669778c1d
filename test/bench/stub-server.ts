// The ERP stub for the bench: POST /projects answers 201 and replays the first answer for a repeated
// Idempotency-Key; GET /stats returns counters. Listens on 127.0.0.1 (port from argv[2], 0 = any) and
// prints {"ready":true,"port":N} on stdout once listening.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const byKey = new Map<string, string>();
const stats = { requests: 0, created: 0, replays: 0, withoutKey: 0, rejected: 0 };
let nextId = 1;

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function onProjects(req: IncomingMessage, res: ServerResponse, raw: string): void {
  stats.requests++;
  const key = req.headers['idempotency-key'];
  const k = typeof key === 'string' && key.length > 0 ? key : null;
  if (k === null) stats.withoutKey++;
  const prior = k === null ? undefined : byKey.get(k);
  if (prior !== undefined) {
    stats.replays++;
    send(res, 201, prior);
    return;
  }
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    stats.rejected++;
    send(res, 400, JSON.stringify({ error: 'body is not JSON' }));
    return;
  }
  const created = JSON.stringify({
    id: `ERP-${nextId++}`,
    projectCode: body.projectCode,
    status: 'created',
    createdAt: new Date().toISOString(),
  });
  if (k !== null) byKey.set(k, created);
  stats.created++;
  send(res, 201, created);
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.method === 'POST' && req.url === '/projects')
      return onProjects(req, res, Buffer.concat(chunks).toString('utf8'));
    if (req.method === 'GET' && req.url === '/stats')
      return send(res, 200, JSON.stringify({ ...stats, keys: byKey.size }));
    send(res, 404, JSON.stringify({ error: 'not found' }));
  });
});
// Longer than a target waits for its next round (every other target's turn): a connection the stub closed
// while idle could be reused by the baseline's agent at that moment, and its request would fail.
server.keepAliveTimeout = 600_000;

server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ ready: true, port: (server.address() as AddressInfo).port }) + '\n');
});
process.on('SIGTERM', () => process.exit(0));
