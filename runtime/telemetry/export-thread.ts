import { Worker } from 'node:worker_threads';
import type { SpanRecord, SpanSink } from './span-recorder.ts';
import type { OtlpProtocol } from './tracing-options.ts';

export interface ExportThreadOptions {
  url: string;
  protocol: OtlpProtocol;
  serviceName: string;
  serviceNameKey: string;
  maxExportBatchSize: number;
  scheduledDelayMillis: number;
  maxQueueSize: number;
}

export type ToExportThread =
  | { type: 'spans'; spans: FlatSpan[] }
  | { type: 'flush'; id: number }
  | { type: 'shutdown'; id: number };

/**
 * A span as one flat array (name, kind, trace id, span id, parent span id or null, parent remote,
 * start, end, status code, status message or null, then attribute keys and values in turn): copied to
 * the thread at about half the cost of the object.
 */
export type FlatSpan = (string | number | boolean | null)[];

export function flatten(r: SpanRecord): FlatSpan {
  const f: FlatSpan = [
    r.name,
    r.kind,
    r.traceId,
    r.spanId,
    r.parentSpanId ?? null,
    r.parentRemote === true,
    r.start,
    r.end,
    r.status,
    r.message ?? null,
  ];
  for (const k in r.attributes) {
    const v = r.attributes[k];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') f.push(k, v);
  }
  return f;
}

export function unflatten(f: FlatSpan): SpanRecord {
  const attributes: SpanRecord['attributes'] = {};
  for (let i = 10; i + 1 < f.length; i += 2) attributes[f[i] as string] = f[i + 1]!;
  const r: SpanRecord = {
    name: f[0] as string,
    kind: f[1] as number,
    traceId: f[2] as string,
    spanId: f[3] as string,
    start: f[6] as number,
    end: f[7] as number,
    attributes,
    status: f[8] as number,
  };
  if (f[4] !== null) r.parentSpanId = f[4] as string;
  if (f[5] === true) r.parentRemote = true;
  if (f[9] !== null) r.message = f[9] as string;
  return r;
}

export type FromExportThread = { type: 'ready' } | { type: 'done'; id: number; error?: string };

/** Spans handed over in one message at most, and how long an ended span waits for its message (ms). */
const HANDOVER_SPANS = 512;
const HANDOVER_MS = 50;

/**
 * The worker thread that exports Weft's spans (span-export-worker.ts), and the sink the recording tracer
 * ends its spans into: they are posted to the thread in batches, so the event loop pays only for a copy.
 * Run from the sources (tests, development) the thread starts through span-export-boot.mjs, which
 * loads the TypeScript through tsx; the
 * bundled runtime ships the worker as runtime/dist/span-export-worker.mjs beside weft.mjs.
 */
export class ExportThread implements SpanSink {
  private pending: FlatSpan[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  private nextId = 1;
  private failure: Error | null = null;
  private stopped = false;

  private constructor(
    private readonly worker: Worker,
    private readonly onFailure: (err: Error) => void,
  ) {
    worker.on('message', (m: FromExportThread) => {
      if (m.type !== 'done') return;
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error === undefined) w?.resolve();
      else w?.reject(new Error(`exporting spans failed: ${m.error}`));
    });
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => {
      if (!this.stopped) this.fail(new Error(`the span export thread stopped (exit code ${code})`));
    });
    worker.unref();
  }

  /** Starts the thread and resolves once it has loaded the exporter; rejects when it cannot. */
  static start(o: ExportThreadOptions, onFailure: (err: Error) => void): Promise<ExportThread> {
    const worker = startWorker(o);
    return new Promise((resolve, reject) => {
      const failed = (err: Error) => reject(new Error(`the span export thread did not start: ${err.message}`));
      worker.once('error', failed);
      worker.once('message', (m: FromExportThread) => {
        worker.off('error', failed);
        if (m.type === 'ready') resolve(new ExportThread(worker, onFailure));
        else reject(new Error('the span export thread did not start'));
      });
    });
  }

  add(span: SpanRecord): void {
    if (this.failure) return;
    this.pending.push(flatten(span));
    if (this.pending.length >= HANDOVER_SPANS) this.handOver();
    else this.timer ??= setTimeout(() => this.handOver(), HANDOVER_MS).unref();
  }

  /** Sends every span ended so far. */
  forceFlush(): Promise<void> {
    return this.ask('flush');
  }

  /** Sends what is left and stops the thread. */
  async shutdown(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.ask('shutdown');
    } finally {
      this.stopped = true;
      await this.worker.terminate();
    }
  }

  private ask(type: 'flush' | 'shutdown'): Promise<void> {
    this.handOver();
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ type, id } satisfies ToExportThread);
    });
  }

  private handOver(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0 || this.failure) return;
    const spans = this.pending;
    this.pending = [];
    this.worker.postMessage({ type: 'spans', spans } satisfies ToExportThread);
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    this.pending = [];
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
    this.onFailure(err);
  }
}

function startWorker(o: ExportThreadOptions): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./span-export-worker.mjs', import.meta.url), { workerData: o });
  return new Worker(new URL('./span-export-boot.mjs', import.meta.url), { workerData: o });
}
