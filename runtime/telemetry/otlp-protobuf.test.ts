import { describe, expect, it } from 'vitest';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { type Field, decodeTraceRequest, fields } from '../../test/support/otlp-protobuf.ts';
import { type FlatSpan, flatten } from './export-thread.ts';
import { encodeTraceRequest } from './otlp-protobuf.ts';
import { readableSpan } from './readable-span.ts';

/** The nested messages of an ExportTraceServiceRequest, by the path of field numbers that leads to them. */
const MESSAGES = new Set(['1', '1.1', '1.1.1', '1.1.1.2', '1.2', '1.2.1', '1.2.2', '1.2.2.9', '1.2.2.9.2', '1.2.2.15']);

/** A message as a sorted list of its fields, nested ones read too, fields holding proto3's default (0) left out. */
function canonical(buf: Buffer, path = ''): unknown[] {
  return fields(buf)
    .filter((f: Field) => f.varint !== 0n)
    .map((f: Field) => {
      const at = path ? `${path}.${f.no}` : String(f.no);
      if (MESSAGES.has(at)) return [f.no, canonical(f.bytes!, at)];
      return [f.no, f.varint !== undefined ? `v${f.varint}` : f.bytes!.toString('hex')];
    })
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

const T = 1_796_385_658_510.123;
const spans: FlatSpan[] = [
  flatten({
    name: 'run opportunity-won',
    kind: 0,
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    start: T,
    end: T + 12.3456,
    attributes: { 'weft.flow.id': 'opportunity-won', 'weft.flow.version': 3, 'weft.run.id': 'run_01' },
    status: 0,
  }),
  flatten({
    name: 'step erp',
    kind: 2,
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: 'b7ad6b7169203331',
    parentSpanId: '00f067aa0ba902b7',
    start: T + 1.5,
    end: T + 9.75,
    attributes: {
      'weft.step.attempt': 2,
      'weft.step.ok': false,
      'weft.ratio': 0.25,
      'weft.note': `é ${'x'.repeat(300)} ✓`,
    },
    status: 2,
    message: 'ERP answered 503',
  }),
  flatten({
    name: 'run from a caller',
    kind: 1,
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: '53995c3f42cd8ad8',
    parentSpanId: 'b9c7c989f97918e1',
    parentRemote: true,
    start: T + 0.000_001,
    end: T + 1000.999_999,
    attributes: {},
    status: 1,
  }),
];

describe('OTLP protobuf from flat spans', () => {
  it('encodes what the SDK’s serializer encodes for the same spans, field by field', () => {
    const resource = { 'service.name': 'weft-test' };
    const ours = encodeTraceRequest(spans, resource, 'weft');
    const one = resourceFromAttributes(resource);
    const sdk = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans.map((f) => readableSpan(f, one)))!);
    expect(canonical(ours)).toEqual(canonical(sdk));
    expect(decodeTraceRequest(ours).resourceSpans[0]!.scopeSpans[0]!.spans.map((s) => s.name)).toEqual([
      'run opportunity-won',
      'step erp',
      'run from a caller',
    ]);
  });

  it('writes a batch larger than its first guess and spans whose lengths need several bytes', () => {
    const many = Array.from({ length: 3000 }, (_, i) => [...spans[i % 3]!]);
    const decoded = decodeTraceRequest(encodeTraceRequest(many, { 'service.name': 'weft' }, 'weft'));
    expect(decoded.resourceSpans[0]!.scopeSpans[0]!.spans).toHaveLength(3000);
    expect(decoded.resourceSpans[0]!.scopeSpans[0]!.spans[1]!.status).toEqual({ code: 2, message: 'ERP answered 503' });
  });
});
