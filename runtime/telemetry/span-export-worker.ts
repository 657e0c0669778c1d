// The export thread of Weft's traces (started by export-thread.ts): takes the spans recorded on the
// main thread (span-recorder.ts) as plain data, makes the SDK's spans of them and hands them to the
// SDK's batch processor with the OTLP/HTTP exporter, so that batching, encoding and sending cost the
// runtime's event loop nothing.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { SpanContext } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { SpanRecord } from './span-recorder.ts';
import { type ExportThreadOptions, type FromExportThread, type ToExportThread, unflatten } from './export-thread.ts';

const o = workerData as ExportThreadOptions;

// The thread yields the CPU to the runs: on Linux a thread has a priority of its own (its id is the last
// part of /proc/thread-self). Where that is not so, it keeps the process's.
try {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10);
} catch {}
const port = parentPort!;

const [{ OTLPTraceExporter }, { resourceFromAttributes }, sdk, core] = await Promise.all([
  o.protocol === 'http/json'
    ? import('@opentelemetry/exporter-trace-otlp-http')
    : import('@opentelemetry/exporter-trace-otlp-proto'),
  import('@opentelemetry/resources'),
  import('@opentelemetry/sdk-trace-base'),
  import('@opentelemetry/core'),
]);

const resource = resourceFromAttributes({ [o.serviceNameKey]: o.serviceName });
const scope = { name: 'weft' };
const processor = new sdk.BatchSpanProcessor(new OTLPTraceExporter({ url: o.url }), {
  maxExportBatchSize: o.maxExportBatchSize,
  scheduledDelayMillis: o.scheduledDelayMillis,
  maxQueueSize: o.maxQueueSize,
});

/** The SDK's view of a recorded span; every span here was sampled. */
function readable(r: SpanRecord): ReadableSpan {
  const context: SpanContext = { traceId: r.traceId, spanId: r.spanId, traceFlags: 1 };
  const startTime = core.millisToHrTime(r.start);
  const endTime = core.millisToHrTime(r.end);
  return {
    name: r.name,
    kind: r.kind,
    spanContext: () => context,
    parentSpanContext:
      r.parentSpanId === undefined
        ? undefined
        : { traceId: r.traceId, spanId: r.parentSpanId, traceFlags: 1, isRemote: r.parentRemote === true },
    startTime,
    endTime,
    duration: core.hrTimeDuration(startTime, endTime),
    status: r.message === undefined ? { code: r.status } : { code: r.status, message: r.message },
    attributes: r.attributes,
    links: [],
    events: [],
    ended: true,
    resource,
    instrumentationScope: scope,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

function reply(m: FromExportThread): void {
  port.postMessage(m);
}

port.on('message', (m: ToExportThread) => {
  if (m.type === 'spans') {
    for (const f of m.spans) processor.onEnd(readable(unflatten(f)));
    return;
  }
  const done = m.type === 'flush' ? processor.forceFlush() : processor.shutdown();
  done.then(
    () => reply({ type: 'done', id: m.id }),
    (err: unknown) => reply({ type: 'done', id: m.id, error: (err as Error)?.message ?? String(err) }),
  );
});

reply({ type: 'ready' });
