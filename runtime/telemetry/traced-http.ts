import type { Context, Span, Tracer } from '@opentelemetry/api';
import type { HttpClient } from '../../nodes/define-node.ts';
import type { Otel } from './otel.ts';
import { formatTraceparent } from './traceparent.ts';

/**
 * The HTTP client of one attempt of a step: a client span per request, a child of the step's span
 * (`parent`), and the request sent with that span's `traceparent` so the peer continues the trace (the
 * context holding the step's span is made on the first request, as most steps make none). The
 * span names the method, the URL without its query (which may carry credentials) and the answer's
 * status code; it covers the call as the step sees it, a wait for a rate limit or a refusal by an open
 * circuit included.
 */
export function tracedHttp(inner: HttpClient, tracer: Tracer, parent: Span, otel: Otel): HttpClient {
  const { SpanKind, SpanStatusCode, trace, ROOT_CONTEXT } = otel.api;
  const { httpMethod, httpStatus, urlFull } = otel.attr;
  let ctx: Context | undefined;
  return {
    async request(req) {
      const method = req.method.toUpperCase();
      ctx ??= trace.setSpan(ROOT_CONTEXT, parent);
      const span = tracer.startSpan(
        method,
        { kind: SpanKind.CLIENT, attributes: { [httpMethod]: method, [urlFull]: withoutQuery(req.url) } },
        ctx,
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
