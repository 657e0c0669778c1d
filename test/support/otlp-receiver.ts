import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeTraceRequest } from './otlp-protobuf.ts';

/** One span as an OTLP/HTTP export carries it, with its attributes as plain values. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  kind: number;
  attributes: Record<string, string | number | boolean>;
  status: { code?: number; message?: string };
  service: string | undefined;
}

type AnyValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
type KeyValue = { key: string; value: AnyValue };
interface ExportRequest {
  resourceSpans?: {
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: {
      spans?: (Omit<ReceivedSpan, 'attributes' | 'service' | 'status'> & {
        attributes?: KeyValue[];
        status?: ReceivedSpan['status'];
      })[];
    }[];
  }[];
}

/**
 * An OTLP/HTTP traces receiver on 127.0.0.1 (port 0): accepts POST /v1/traces in the protobuf or the
 * JSON encoding (as its content type says) and keeps every span it was sent, counting the requests of
 * each encoding. Anything else is answered 404, a body that cannot be read 400.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  /** Export requests received. */
  posts = 0;
  /** Export requests received by content type (application/x-protobuf, application/json). */
  readonly encodings: Record<string, number> = {};
  private server!: Server;
  url = '';

  static async start(): Promise<OtlpReceiver> {
    const r = new OtlpReceiver();
    r.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.method !== 'POST' || req.url !== '/v1/traces') {
          res.writeHead(404).end();
          return;
        }
        const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
        try {
          const body = Buffer.concat(chunks);
          r.take(
            type === 'application/x-protobuf'
              ? decodeTraceRequest(body)
              : (JSON.parse(body.toString('utf8')) as ExportRequest),
          );
        } catch {
          res.writeHead(400).end();
          return;
        }
        r.posts++;
        r.encodings[type] = (r.encodings[type] ?? 0) + 1;
        if (type === 'application/x-protobuf') res.writeHead(200, { 'content-type': type }).end();
        else res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => r.server.listen(0, '127.0.0.1', resolve));
    r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}`;
    return r;
  }

  /** The spans of one trace. */
  trace(traceId: string): ReceivedSpan[] {
    return this.spans.filter((s) => s.traceId === traceId);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private take(body: ExportRequest): void {
    for (const rs of body.resourceSpans ?? []) {
      const service = attrs(rs.resource?.attributes)['service.name'];
      for (const ss of rs.scopeSpans ?? [])
        for (const s of ss.spans ?? [])
          this.spans.push({
            traceId: s.traceId,
            spanId: s.spanId,
            parentSpanId: s.parentSpanId || undefined,
            name: s.name,
            kind: s.kind,
            attributes: attrs(s.attributes),
            status: s.status ?? {},
            service: typeof service === 'string' ? service : undefined,
          });
    }
  }
}

function attrs(list: KeyValue[] | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const { key, value } of list ?? []) {
    if (value.stringValue !== undefined) out[key] = value.stringValue;
    else if (value.intValue !== undefined) out[key] = Number(value.intValue);
    else if (value.boolValue !== undefined) out[key] = value.boolValue;
    else if (value.doubleValue !== undefined) out[key] = value.doubleValue;
  }
  return out;
}
