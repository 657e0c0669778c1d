// The OTLP/HTTP collector for `npm run bench -- --tracing`: POST /v1/traces takes a JSON export and counts
// its spans (without parsing it, so the sink takes little of the machine's CPU from the runtimes measured);
// GET /stats returns the counters. Listens on 127.0.0.1 (port from argv[2], 0 = any) and prints
// {"ready":true,"port":N} on stdout once listening.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const stats = { posts: 0, spans: 0, bytes: 0, rejected: 0 };
const SPAN_ID = Buffer.from('"spanId":');

/** Spans in a JSON export: one "spanId" each (links, which would add more, are not made by Weft). */
function spansIn(body: Buffer): number {
  let n = 0;
  for (let at = body.indexOf(SPAN_ID); at >= 0; at = body.indexOf(SPAN_ID, at + SPAN_ID.length)) n++;
  return n;
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.method === 'GET' && req.url === '/stats') return send(res, 200, JSON.stringify(stats));
    if (req.method !== 'POST' || req.url !== '/v1/traces') return send(res, 404, '{}');
    const body = Buffer.concat(chunks);
    if (body[0] !== 0x7b) {
      stats.rejected++;
      return send(res, 400, '{}');
    }
    stats.posts++;
    stats.bytes += body.length;
    stats.spans += spansIn(body);
    send(res, 200, '{}');
  });
});
server.keepAliveTimeout = 30_000;

server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ ready: true, port: (server.address() as AddressInfo).port }) + '\n');
});
process.on('SIGTERM', () => process.exit(0));
