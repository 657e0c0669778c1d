import { describe, expect, it } from 'vitest';
import { formatTraceparent, parseTraceparent } from './traceparent.ts';
import { withoutQuery } from './traced-http.ts';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

describe('W3C traceparent', () => {
  it('reads the trace, the parent span and the sampled flag of a version-00 header', () => {
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-01`)).toEqual({ traceId: TRACE, spanId: SPAN, traceFlags: 1 });
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-00`)).toEqual({ traceId: TRACE, spanId: SPAN, traceFlags: 0 });
    expect(parseTraceparent(` 00-${TRACE.toUpperCase()}-${SPAN}-03 `)).toEqual({
      traceId: TRACE,
      spanId: SPAN,
      traceFlags: 1,
    });
  });

  it('reads a later version with more fields, and refuses what is not a valid header', () => {
    expect(parseTraceparent(`01-${TRACE}-${SPAN}-01-more`)?.traceId).toBe(TRACE);
    for (const bad of [
      undefined,
      null,
      '',
      'garbage',
      `00-${TRACE}-${SPAN}-01-more`,
      `ff-${TRACE}-${SPAN}-01`,
      `00-${'0'.repeat(32)}-${SPAN}-01`,
      `00-${TRACE}-${'0'.repeat(16)}-01`,
      `00-${TRACE.slice(1)}-${SPAN}-01`,
      `00-${TRACE}-${SPAN}-1`,
      `00-${TRACE.replace('4', 'g')}-${SPAN}-01`,
    ])
      expect(parseTraceparent(bad), String(bad)).toBeNull();
  });

  it('writes the header a span passes downstream', () => {
    expect(formatTraceparent({ traceId: TRACE, spanId: SPAN, traceFlags: 1 })).toBe(`00-${TRACE}-${SPAN}-01`);
    expect(formatTraceparent({ traceId: TRACE, spanId: SPAN, traceFlags: 0 })).toBe(`00-${TRACE}-${SPAN}-00`);
  });

  it('names a connector call by its URL without query, fragment or credentials', () => {
    expect(withoutQuery('https://user:secret@erp.example.com:8443/api/orders?token=abc#x')).toBe(
      'https://erp.example.com:8443/api/orders',
    );
    expect(withoutQuery('not a url?token=abc')).toBe('not a url');
  });
});
