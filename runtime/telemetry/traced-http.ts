import type { Context, Tracer } from '@opentelemetry/api';
import type { HttpClient } from '../../nodes/define-node.ts';
import type { Otel } from './otel.ts';
import { formatTraceparent } from './traceparent.ts';

/**
 * The HTTP client of one attempt of a step: a client span per request, a child of the step's span
 * (`parent`), and the request sent with that span's `traceparent` so the peer continues the trace. The
 * span names the method, the URL without its query (which may carry credentials) and the answer's
 * status code; it covers the call as the step sees it, a wait for a rate limit or a refusal by an open
 * circuit included.
 */
export function tracedHttp(inner: HttpClient, tracer: Tracer, parent: Context, otel: Otel): HttpClient {
  const { SpanKind, SpanStatusCode } = otel.api;
  const { httpMethod, httpStatus, urlFull } = otel.attr;
  return {
    async request(req) {
      const span = tracer.startSpan(
        `${req.method.toUpperCase()}`,
        {
          kind: SpanKind.CLIENT,
          attributes: { [httpMethod]: req.method.toUpperCase(), [urlFull]: withoutQuery(req.url) },
        },
        parent,
      );
      const headers = { ...req.headers };
      for (const k of Object.keys(headers)) if (k.toLowerCase() === 'traceparent') delete headers[k];
      headers.traceparent = formatTraceparent(span.spanContext());
      try {
        const res = await inner.request({ ...req, headers });
        span.setAttribute(httpStatus, res.status);
        if (res.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
        return res;
      } catch (err) {
        span.setAttribute('error.type', (err as { code?: string })?.code ?? 'error');
        span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.message });
        throw err;
      } finally {
        span.end();
      }
    },
  };
}

/** The URL without its query and fragment, nor any user info. */
export function withoutQuery(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return url.split(/[?#]/, 1)[0]!;
  }
}
