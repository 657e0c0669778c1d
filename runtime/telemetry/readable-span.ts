import type { SpanContext } from '@opentelemetry/api';
import { hrTimeDuration, millisToHrTime } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { type FlatSpan, unflatten } from './export-thread.ts';

const scope = { name: 'weft' };

/** The SDK's view of a recorded span (every span here was sampled), for the SDK's JSON serializer. */
export function readableSpan(f: FlatSpan, resource: Resource): ReadableSpan {
  const r = unflatten(f);
  const context: SpanContext = { traceId: r.traceId, spanId: r.spanId, traceFlags: 1 };
  const startTime = millisToHrTime(r.start);
  const endTime = millisToHrTime(r.end);
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
    duration: hrTimeDuration(startTime, endTime),
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
