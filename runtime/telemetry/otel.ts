import type * as Api from '@opentelemetry/api';
import type { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { TracingOptions } from './tracing-options.ts';

/** The OpenTelemetry API and the attribute names of its semantic conventions that Weft's spans use. */
export interface Otel {
  api: typeof Api;
  attr: { serviceName: string; httpMethod: string; httpStatus: string; urlFull: string };
}

/**
 * Loads OpenTelemetry (API, SDK, OTLP/HTTP exporter) and starts a tracer provider that batches spans to
 * the endpoint. Loaded only when tracing is on, so a runtime without it carries none of it in memory.
 */
export async function startOtel(o: TracingOptions): Promise<{ otel: Otel; provider: BasicTracerProvider }> {
  const [api, semconv, { OTLPTraceExporter }, { resourceFromAttributes }, { BasicTracerProvider, BatchSpanProcessor }] =
    await Promise.all([
      import('@opentelemetry/api'),
      import('@opentelemetry/semantic-conventions'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/sdk-trace-base'),
    ]);
  const attr = {
    serviceName: semconv.ATTR_SERVICE_NAME,
    httpMethod: semconv.ATTR_HTTP_REQUEST_METHOD,
    httpStatus: semconv.ATTR_HTTP_RESPONSE_STATUS_CODE,
    urlFull: semconv.ATTR_URL_FULL,
  };
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [attr.serviceName]: o.serviceName ?? 'weft' }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: o.url }), {
        maxExportBatchSize: o.maxExportBatchSize ?? 2048,
        scheduledDelayMillis: o.scheduledDelayMillis ?? 1000,
        maxQueueSize: 16_384,
      }),
    ],
  });
  return { otel: { api, attr }, provider };
}
