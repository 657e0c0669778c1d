import type { SpanContext } from '@opentelemetry/api';

/** W3C Trace Context: the trace-flags bit that says the caller sampled the trace. */
const SAMPLED = 0x01;

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/**
 * The trace and parent span a W3C `traceparent` header names; null when there is none or it is not
 * valid (version ff, all-zero ids, a version-00 header with more fields): the run then starts a trace of its own.
 */
export function parseTraceparent(header: string | null | undefined): Omit<SpanContext, 'isRemote'> | null {
  if (!header) return null;
  const m = TRACEPARENT.exec(header.trim().toLowerCase());
  if (!m) return null;
  const [, version, traceId, spanId, flags, rest] = m;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return null;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return null;
  return { traceId: traceId!, spanId: spanId!, traceFlags: Number.parseInt(flags!, 16) & SAMPLED };
}

/** The `traceparent` header that makes a span the parent of what the receiver does. */
export function formatTraceparent(sc: Pick<SpanContext, 'traceId' | 'spanId' | 'traceFlags'>): string {
  return `00-${sc.traceId}-${sc.spanId}-${(sc.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}
