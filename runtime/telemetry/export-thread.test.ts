import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ExportThread, type ExportThreadOptions, flatten, unflatten } from './export-thread.ts';
import type { SpanRecord } from './span-recorder.ts';

const options = (url: string): ExportThreadOptions => ({
  url,
  protocol: 'http/json',
  serviceName: 'weft-test',
  serviceNameKey: 'service.name',
  maxExportBatchSize: 512,
  scheduledDelayMillis: 60_000,
  maxQueueSize: 2048,
});

const span = (over: Partial<SpanRecord> = {}): SpanRecord => ({
  name: 'step map',
  kind: 0,
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  start: 1_764_800_000_000.125,
  end: 1_764_800_000_003.5,
  attributes: { 'weft.node.id': 'map', 'weft.step.attempt': 2, 'weft.run.resumed': true },
  status: 0,
  ...over,
});

describe('the span export thread', () => {
  let server: Server | null = null;
  let thread: ExportThread | null = null;
  afterEach(async () => {
    await thread?.shutdown().catch(() => {});
    thread = null;
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = null;
  });

  it('hands a span over as a flat array and gets the same span back', () => {
    for (const s of [
      span(),
      span({ parentSpanId: '00f067aa0ba902b7', parentRemote: true, status: 2, message: 'HTTP 502' }),
      span({ attributes: {} }),
    ])
      expect(unflatten(flatten(s))).toEqual(s);
  });

  it('exports what it was handed, with its parent, attributes and status, when flushed', async () => {
    const bodies: string[] = [];
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    thread = await ExportThread.start(options(`http://127.0.0.1:${port}/v1/traces`), () => {});
    thread.add(span({ parentSpanId: '00f067aa0ba902b7', status: 2, message: 'HTTP 502' }));
    await thread.forceFlush();
    expect(bodies).toHaveLength(1);
    const sent = JSON.parse(bodies[0]!).resourceSpans[0].scopeSpans[0].spans;
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      name: 'step map',
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      parentSpanId: '00f067aa0ba902b7',
      status: { code: 2, message: 'HTTP 502' },
    });
    expect(sent[0].attributes).toContainEqual({ key: 'weft.step.attempt', value: { intValue: 2 } });
  });

  it('reports a thread that stopped, then drops spans and refuses flushes instead of waiting forever', async () => {
    const failures: Error[] = [];
    thread = await ExportThread.start(options('http://127.0.0.1:9/v1/traces'), (err) => failures.push(err));
    // The thread ends without being asked to (as when it crashes).
    await (thread as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect(thread.forceFlush()).rejects.toThrow(/span export thread stopped/);
    expect(failures.map((e) => e.message)).toEqual([expect.stringMatching(/span export thread stopped/)]);
    thread.add(span());
  });
});
