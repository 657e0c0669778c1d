// The OTLP/HTTP collector for `npm run bench -- --tracing`: POST /v1/traces takes a protobuf or JSON export
// and counts its spans (without decoding them, so the sink takes little of the machine's CPU from the
// runtimes measured);
// GET /stats returns the counters. Listens on 127.0.0.1 (port from argv[2], 0 = any) and prints
// {"ready":true,"port":N} on stdout once listening.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const stats = { posts: 0, spans: 0, bytes: 0, rejected: 0 };
const SPAN_ID = Buffer.from('"spanId":');

/** Reads a protobuf varint at `at`: its value and where the next byte is. */
function varint(b: Buffer, at: number): [number, number] {
  let v = 0;
  for (let mul = 1; ; mul *= 128) {
    if (at >= b.length) throw new Error('truncated varint');
    const c = b[at++]!;
    v += (c & 0x7f) * mul;
    if (c < 0x80) return [v, at];
  }
}

/** Calls `each` with the bounds of every length-delimited field `no` of the message in b[from, to). */
function eachField(b: Buffer, from: number, to: number, no: number, each: (start: number, end: number) => void): void {
  let at = from;
  while (at < to) {
    const [tag, next] = varint(b, at);
    at = next;
    const wire = tag & 7;
    if (wire === 0) at = varint(b, at)[1];
    else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else if (wire === 2) {
      const [len, body] = varint(b, at);
      if (body + len > to) throw new Error('truncated field');
      if (tag >>> 3 === no) each(body, body + len);
      at = body + len;
    } else throw new Error(`wire type ${wire}`);
  }
}

/** Spans in a protobuf export: request → resource_spans (1) → scope_spans (2) → spans (2). */
function protobufSpans(body: Buffer): number {
  let n = 0;
  eachField(body, 0, body.length, 1, (rs, rsEnd) =>
    eachField(body, rs, rsEnd, 2, (ss, ssEnd) => eachField(body, ss, ssEnd, 2, () => n++)),
  );
  return n;
}

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
    const protobuf = req.headers['content-type'] === 'application/x-protobuf';
    let spans: number;
    try {
      if (!protobuf && body[0] !== 0x7b) throw new Error('not JSON');
      spans = protobuf ? protobufSpans(body) : spansIn(body);
    } catch {
      stats.rejected++;
      return send(res, 400, '{}');
    }
    stats.posts++;
    stats.bytes += body.length;
    stats.spans += spans;
    if (!protobuf) return send(res, 200, '{}');
    res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': 0 });
    res.end();
  });
});
server.keepAliveTimeout = 30_000;

server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ ready: true, port: (server.address() as AddressInfo).port }) + '\n');
});
process.on('SIGTERM', () => process.exit(0));
