import type { FlatSpan } from './export-thread.ts';

/**
 * The OTLP ExportTraceServiceRequest of a batch of spans in the protobuf encoding, written straight from
 * the flat spans the export thread receives (export-thread.ts): one resource (service.name) and one scope
 * ("weft"), fields as the SDK's serializer writes them (opentelemetry-proto trace/v1/trace.proto), without
 * making the SDK's span objects first.
 */
export function encodeTraceRequest(
  spans: readonly FlatSpan[],
  resource: Record<string, string>,
  scope: string,
): Buffer {
  const w = new Writer(256 + spans.length * 256);
  w.tag(1, 2); // resource_spans
  const rs = w.begin();
  w.tag(1, 2); // resource
  const r = w.begin();
  for (const k in resource) keyValue(w, 1, k, resource[k]!);
  w.end(r);
  w.tag(2, 2); // scope_spans
  const ss = w.begin();
  w.tag(1, 2); // scope
  const sc = w.begin();
  w.string(1, scope);
  w.end(sc);
  for (const f of spans) span(w, f);
  w.end(ss);
  w.end(rs);
  return w.finish();
}

/** Span: the flat span's fields (name, kind, trace id, span id, parent, remote, start, end, status, message, attributes). */
function span(w: Writer, f: FlatSpan): void {
  w.tag(2, 2);
  const s = w.begin();
  w.hex(1, f[2] as string);
  w.hex(2, f[3] as string);
  if (f[4] !== null) w.hex(4, f[4] as string);
  w.string(5, f[0] as string);
  // The API's kinds start at INTERNAL = 0; the protocol's at UNSPECIFIED = 0.
  w.tag(6, 0);
  w.varint((f[1] as number) + 1);
  w.tag(7, 1);
  w.nanos(f[6] as number);
  w.tag(8, 1);
  w.nanos(f[7] as number);
  for (let i = 10; i + 1 < f.length; i += 2) keyValue(w, 9, f[i] as string, f[i + 1]!);
  w.tag(15, 2); // status
  const st = w.begin();
  if (f[9] !== null) w.string(2, f[9] as string);
  if (f[8] !== 0) {
    w.tag(3, 0);
    w.varint(f[8] as number);
  }
  w.end(st);
  // flags: sampled, and whether the parent is remote (HAS_IS_REMOTE 0x100, IS_REMOTE 0x200).
  w.tag(16, 5);
  w.fixed32(0x101 | (f[5] === true ? 0x200 : 0));
  w.end(s);
}

/** KeyValue { key = 1; AnyValue value = 2 { string 1 | bool 2 | int64 3 | double 4 } }. */
function keyValue(w: Writer, field: number, key: string, v: string | number | boolean): void {
  w.tag(field, 2);
  const kv = w.begin();
  w.string(1, key);
  w.tag(2, 2);
  const av = w.begin();
  if (typeof v === 'string') w.string(1, v);
  else if (typeof v === 'boolean') {
    w.tag(2, 0);
    w.varint(v ? 1 : 0);
  } else if (Number.isSafeInteger(v) && v >= 0) {
    w.tag(3, 0);
    w.varint(v);
  } else {
    w.tag(4, 1);
    w.double(v);
  }
  w.end(av);
  w.end(kv);
}

const NS_PER_S = 1_000_000_000n;

/** A growing buffer of protobuf fields; a nested message's length is written once it is known. */
class Writer {
  private buf: Buffer;
  private pos = 0;

  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }

  finish(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  varint(v: number): void {
    this.room(10);
    while (v > 0x7f) {
      this.buf[this.pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.pos++] = v;
  }

  string(field: number, s: string): void {
    this.tag(field, 2);
    const n = Buffer.byteLength(s);
    this.varint(n);
    this.room(n);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  /** An id written in hex, as its bytes. */
  hex(field: number, hex: string): void {
    this.tag(field, 2);
    const n = hex.length >>> 1;
    this.varint(n);
    this.room(n);
    this.pos += this.buf.write(hex, this.pos, 'hex');
  }

  /** Epoch milliseconds (sub-millisecond precise) as fixed64 nanoseconds. */
  nanos(ms: number): void {
    this.room(8);
    const s = Math.floor(ms / 1000);
    const ns = Math.round((ms - s * 1000) * 1e6);
    this.buf.writeBigUInt64LE(BigInt(s) * NS_PER_S + BigInt(ns), this.pos);
    this.pos += 8;
  }

  fixed32(v: number): void {
    this.room(4);
    this.buf.writeUInt32LE(v, this.pos);
    this.pos += 4;
  }

  double(v: number): void {
    this.room(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }

  /** Starts a nested message: one byte is kept for its length, most are shorter than 128 bytes. */
  begin(): number {
    this.room(1);
    return this.pos++;
  }

  /** Ends the message begun at `at`: writes its length there, moving it on when the length takes more bytes. */
  end(at: number): void {
    const len = this.pos - at - 1;
    let bytes = 1;
    for (let v = len; v > 0x7f; v = Math.floor(v / 128)) bytes++;
    if (bytes > 1) {
      this.room(bytes - 1);
      this.buf.copyWithin(at + bytes, at + 1, this.pos);
      this.pos += bytes - 1;
    }
    let v = len;
    for (let i = 0; i < bytes - 1; i++) {
      this.buf[at + i] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[at + bytes - 1] = v;
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
}
