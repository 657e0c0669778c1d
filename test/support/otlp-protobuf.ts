/**
 * Reads an OTLP ExportTraceServiceRequest in the protobuf encoding into the shape of its JSON encoding
 * (ids as hex, attributes as key/value lists), for the test receiver. Only the fields Weft's spans use.
 */
type AnyValue = { stringValue?: string; intValue?: number; boolValue?: boolean; doubleValue?: number };
type KeyValue = { key: string; value: AnyValue };
type Span = {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  kind: number;
  attributes: KeyValue[];
  status: { code?: number; message?: string };
};
export interface DecodedRequest {
  resourceSpans: { resource: { attributes: KeyValue[] }; scopeSpans: { spans: Span[] }[] }[];
}

/** One field of a message: its number and either a varint, a fixed number's bytes or a length-delimited body. */
export type Field = { no: number; varint?: bigint; bytes?: Buffer };

export function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let at = 0;
  const varint = (): bigint => {
    let v = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (at >= buf.length) throw new Error('protobuf: truncated varint');
      const b = buf[at++]!;
      v |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
  };
  while (at < buf.length) {
    const tag = Number(varint());
    const no = tag >>> 3;
    const wire = tag & 7;
    if (wire === 0) out.push({ no, varint: varint() });
    else if (wire === 1 || wire === 5) {
      const n = wire === 1 ? 8 : 4;
      out.push({ no, bytes: buf.subarray(at, at + n) });
      at += n;
    } else if (wire === 2) {
      const n = Number(varint());
      if (at + n > buf.length) throw new Error('protobuf: truncated field');
      out.push({ no, bytes: buf.subarray(at, at + n) });
      at += n;
    } else throw new Error(`protobuf: wire type ${wire} not supported`);
  }
  return out;
}

const all = (fs: Field[], no: number) => fs.filter((f) => f.no === no).map((f) => f.bytes!);
const one = (fs: Field[], no: number) => fs.find((f) => f.no === no);

function anyValue(buf: Buffer): AnyValue {
  const f = fields(buf)[0];
  if (!f) return {};
  if (f.no === 1) return { stringValue: f.bytes!.toString('utf8') };
  if (f.no === 2) return { boolValue: f.varint !== 0n };
  if (f.no === 3) return { intValue: Number(BigInt.asIntN(64, f.varint!)) };
  if (f.no === 4) return { doubleValue: f.bytes!.readDoubleLE(0) };
  return {};
}

const keyValues = (list: Buffer[]): KeyValue[] =>
  list.map((b) => {
    const fs = fields(b);
    return { key: one(fs, 1)?.bytes?.toString('utf8') ?? '', value: anyValue(one(fs, 2)?.bytes ?? Buffer.alloc(0)) };
  });

function span(buf: Buffer): Span {
  const fs = fields(buf);
  const hex = (no: number) => one(fs, no)?.bytes?.toString('hex') ?? '';
  const status = fields(one(fs, 15)?.bytes ?? Buffer.alloc(0));
  const code = one(status, 3)?.varint;
  const message = one(status, 2)?.bytes?.toString('utf8');
  return {
    traceId: hex(1),
    spanId: hex(2),
    parentSpanId: hex(4) || undefined,
    name: one(fs, 5)?.bytes?.toString('utf8') ?? '',
    kind: Number(one(fs, 6)?.varint ?? 0n),
    attributes: keyValues(all(fs, 9)),
    status: { ...(code !== undefined ? { code: Number(code) } : {}), ...(message ? { message } : {}) },
  };
}

export function decodeTraceRequest(buf: Buffer): DecodedRequest {
  return {
    resourceSpans: all(fields(buf), 1).map((rs) => {
      const f = fields(rs);
      return {
        resource: { attributes: keyValues(all(fields(one(f, 1)?.bytes ?? Buffer.alloc(0)), 1)) },
        scopeSpans: all(f, 2).map((ss) => ({ spans: all(fields(ss), 2).map(span) })),
      };
    }),
  };
}
