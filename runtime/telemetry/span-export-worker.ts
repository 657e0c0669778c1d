// The export thread of Weft's traces (started by export-thread.ts): takes the spans recorded on the
// main thread (span-recorder.ts) as flat arrays, batches them and posts them to the OTLP/HTTP endpoint
// through the SDK's OTLP HTTP transport (timeouts, retries, concurrency limit), encoded as protobuf
// straight from the arrays (otlp-protobuf.ts), or as JSON by the SDK's serializer. Batching, encoding and
// sending cost the runtime's event loop nothing.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { ExportResult } from '@opentelemetry/core';
import type { ISerializer } from '@opentelemetry/otlp-transformer';
import type { ExportThreadOptions, FlatSpan, FromExportThread, ToExportThread } from './export-thread.ts';
import { encodeTraceRequest } from './otlp-protobuf.ts';

const o = workerData as ExportThreadOptions;

// The thread yields the CPU to the runs: on Linux a thread has a priority of its own (its id is the last
// part of /proc/thread-self). Where that is not so, it keeps the process's.
try {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10);
} catch {}
const port = parentPort!;

const [http, transformer] = await Promise.all([
  import('@opentelemetry/otlp-exporter-base/node-http'),
  import('@opentelemetry/otlp-transformer'),
]);
const resource = { [o.serviceNameKey]: o.serviceName };
const json = o.protocol === 'http/json';
const serializer: ISerializer<FlatSpan[], unknown> = json
  ? await jsonSerializer()
  : {
      serializeRequest: (spans) => encodeTraceRequest(spans, resource, 'weft'),
      deserializeResponse: (data) => transformer.ProtobufTraceSerializer.deserializeResponse(data),
    };
const delegate = http.createOtlpHttpExportDelegate(
  http.convertLegacyHttpOptions({ url: o.url }, 'TRACES', 'v1/traces', {
    'Content-Type': json ? 'application/json' : 'application/x-protobuf',
  }),
  serializer,
  'weft_span_export',
  { name: 'span', countItems: (spans: FlatSpan[]) => spans.length },
  undefined,
);

/** Spans waiting for their request; past maxQueueSize new ones are dropped until the queue drains. */
let queue: FlatSpan[] = [];
let timer: NodeJS.Timeout | null = null;
const sending = new Set<Promise<void>>();

function add(spans: FlatSpan[]): void {
  const room = o.maxQueueSize - queue.length;
  if (room <= 0) return;
  queue.push(...(spans.length > room ? spans.slice(0, room) : spans));
  if (queue.length >= o.maxExportBatchSize) send();
  else timer ??= setTimeout(send, o.scheduledDelayMillis);
}

/** Posts every queued span, in requests of at most maxExportBatchSize. */
function send(): void {
  if (timer) clearTimeout(timer);
  timer = null;
  while (queue.length > 0) {
    const batch = queue.length <= o.maxExportBatchSize ? queue : queue.slice(0, o.maxExportBatchSize);
    queue = batch === queue ? [] : queue.slice(batch.length);
    const sent = new Promise<void>((resolve) => delegate.export(batch, (_r: ExportResult) => resolve()));
    sending.add(sent);
    sent.finally(() => sending.delete(sent));
  }
}

async function flush(): Promise<void> {
  send();
  await Promise.all([...sending]);
  await delegate.forceFlush();
}

/** JSON: the SDK's serializer, given the SDK's view of each span. */
async function jsonSerializer(): Promise<ISerializer<FlatSpan[], unknown>> {
  const { readableSpan } = await import('./readable-span.ts');
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const r = resourceFromAttributes(resource);
  return {
    serializeRequest: (spans) => transformer.JsonTraceSerializer.serializeRequest(spans.map((f) => readableSpan(f, r))),
    deserializeResponse: (data) => transformer.JsonTraceSerializer.deserializeResponse(data),
  };
}

function reply(m: FromExportThread): void {
  port.postMessage(m);
}

port.on('message', (m: ToExportThread) => {
  if (m.type === 'spans') return add(m.spans);
  const done = m.type === 'flush' ? flush() : flush().then(() => delegate.shutdown());
  done.then(
    () => reply({ type: 'done', id: m.id }),
    (err: unknown) => reply({ type: 'done', id: m.id, error: (err as Error)?.message ?? String(err) }),
  );
});

reply({ type: 'ready' });
