import { randomFillSync } from 'node:crypto';
import type * as Api from '@opentelemetry/api';
import type { Sampler } from '@opentelemetry/sdk-trace-base';

/**
 * A span as it leaves the recording thread: plain data, cheap to copy to the export worker
 * (span-export-worker.ts), which makes the SDK's spans of it and exports them.
 */
export interface SpanRecord {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  /** The parent's span lives in another process (a received traceparent, a stored run span). */
  parentRemote?: boolean;
  /** Epoch milliseconds, sub-millisecond precise. */
  start: number;
  end: number;
  attributes: Api.Attributes;
  status: number;
  message?: string;
}

/** Where ended spans go: batched and posted to the export worker. */
export interface SpanSink {
  add(span: SpanRecord): void;
}

const ID_POOL = 8192;

/** Random span and trace ids, cut from a pool of random bytes refilled when used up. */
class Ids {
  private readonly pool = Buffer.allocUnsafe(ID_POOL);
  private at = ID_POOL;

  hex(bytes: number): string {
    for (;;) {
      if (this.at + bytes > ID_POOL) {
        randomFillSync(this.pool);
        this.at = 0;
      }
      const id = this.pool.toString('hex', this.at, this.at + bytes);
      this.at += bytes;
      if (id !== '0'.repeat(bytes * 2)) return id;
    }
  }
}

const now = () => performance.timeOrigin + performance.now();

/** The context of a span recorded here (sampled, local): known valid without checking its ids again. */
class OwnContext implements Api.SpanContext {
  readonly isRemote = false;

  constructor(
    readonly traceId: string,
    readonly spanId: string,
    readonly traceFlags: number,
    readonly traceState: Api.TraceState | undefined,
  ) {}
}

/** A span being recorded: what Weft sets on it is kept as plain data and handed to the sink when it ends. */
class RecordedSpan implements Api.Span {
  private readonly record: SpanRecord;
  private ended = false;

  constructor(
    record: SpanRecord,
    private readonly context: Api.SpanContext,
    private readonly sink: SpanSink,
  ) {
    this.record = record;
  }

  spanContext(): Api.SpanContext {
    return this.context;
  }
  setAttribute(key: string, value: Api.AttributeValue): this {
    if (!this.ended && value !== undefined) this.record.attributes[key] = value;
    return this;
  }
  setAttributes(attributes: Api.Attributes): this {
    for (const [k, v] of Object.entries(attributes)) if (v !== undefined) this.setAttribute(k, v);
    return this;
  }
  /** Weft's spans carry no events nor links: these are accepted and not recorded. */
  addEvent(): this {
    return this;
  }
  addLink(): this {
    return this;
  }
  addLinks(): this {
    return this;
  }
  setStatus(status: Api.SpanStatus): this {
    if (this.ended) return this;
    this.record.status = status.code;
    if (status.message !== undefined) this.record.message = status.message;
    return this;
  }
  updateName(name: string): this {
    if (!this.ended) this.record.name = name;
    return this;
  }
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.record.end = now();
    this.sink.add(this.record);
  }
  isRecording(): boolean {
    return !this.ended;
  }
  recordException(): void {}
}

/**
 * The tracer of Weft's spans: the @opentelemetry/api Tracer, deciding with the SDK's sampler as the
 * SDK's own tracer would (a span not sampled records nothing), but keeping a span as plain data until
 * it ends, then handing it to the sink. What the SDK does per span beyond that (its span objects, the
 * batch queue, the OTLP encoding and the request) happens on the export worker's thread.
 */
export class RecordingTracer implements Api.Tracer {
  private readonly ids = new Ids();

  /**
   * @param followsLocalParent the sampler records every child of a sampled span of this process (the
   * parent-based samplers, whose local-parent samplers are the defaults): such children are recorded
   * without asking it.
   */
  constructor(
    private readonly api: typeof Api,
    private readonly sampler: Sampler,
    private readonly sink: SpanSink,
    private readonly followsLocalParent = false,
  ) {}

  startSpan(name: string, options: Api.SpanOptions = {}, ctx?: Api.Context): Api.Span {
    const { trace, ROOT_CONTEXT, TraceFlags, SpanKind } = this.api;
    const base = options.root ? ROOT_CONTEXT : (ctx ?? ROOT_CONTEXT);
    const parent = trace.getSpanContext(base);
    const own = parent instanceof OwnContext;
    const hasParent = own || (parent !== undefined && trace.isSpanContextValid(parent));
    const traceId = hasParent ? parent!.traceId : this.ids.hex(16);
    const spanId = this.ids.hex(8);
    const kind = options.kind ?? SpanKind.INTERNAL;
    // Weft's callers hand each span an object of its own, which the span then keeps.
    const attributes: Api.Attributes = options.attributes ?? {};
    let traceState = parent?.traceState;
    if (!(own && this.followsLocalParent)) {
      const decision = this.sampler.shouldSample(base, traceId, name, kind, attributes, options.links ?? []);
      // RECORD_AND_SAMPLED is 2; the standard samplers answer it or NOT_RECORD.
      if (decision.decision !== 2)
        return trace.wrapSpanContext({ traceId, spanId, traceFlags: TraceFlags.NONE, traceState });
      if (decision.attributes) Object.assign(attributes, decision.attributes);
      traceState = decision.traceState ?? traceState;
    }
    const record: SpanRecord = {
      name,
      kind,
      traceId,
      spanId,
      start: now(),
      end: 0,
      attributes,
      status: 0,
    };
    if (hasParent) {
      record.parentSpanId = parent!.spanId;
      if (parent!.isRemote) record.parentRemote = true;
    }
    return new RecordedSpan(record, new OwnContext(traceId, spanId, TraceFlags.SAMPLED, traceState), this.sink);
  }

  startActiveSpan<F extends (span: Api.Span) => unknown>(name: string, ...args: unknown[]): ReturnType<F> {
    const fn = args.at(-1) as F;
    const options = (args.length > 1 ? args[0] : undefined) as Api.SpanOptions | undefined;
    const ctx = (args.length > 2 ? args[1] : undefined) as Api.Context | undefined;
    const parent = ctx ?? this.api.context.active();
    const span = this.startSpan(name, options, parent);
    return this.api.context.with(this.api.trace.setSpan(parent, span), () => fn(span)) as ReturnType<F>;
  }
}
