import type * as Api from '@opentelemetry/api';
import type { BasicTracerProvider, Sampler } from '@opentelemetry/sdk-trace-base';
import { samplerFromEnv, type SamplerOptions, type TracingOptions } from './tracing-options.ts';

/** The OpenTelemetry API and the attribute names of its semantic conventions that Weft's spans use. */
export interface Otel {
  api: typeof Api;
  attr: { serviceName: string; httpMethod: string; httpStatus: string; urlFull: string };
}

type Sdk = typeof import('@opentelemetry/sdk-trace-base');

/**
 * Loads OpenTelemetry (API, SDK, OTLP/HTTP exporter) and starts a tracer provider that batches spans to
 * the endpoint, encoded as protobuf unless JSON is asked for. Loaded only when tracing is on, so a
 * runtime without it carries none of it in memory. The sampler is the options' or the environment's
 * (checked before anything is loaded).
 */
export async function startOtel(o: TracingOptions): Promise<{ otel: Otel; provider: BasicTracerProvider }> {
  const sampling = o.sampler ?? samplerFromEnv();
  const [api, semconv, { OTLPTraceExporter }, { resourceFromAttributes }, sdk] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/semantic-conventions'),
    o.protocol === 'http/json'
      ? import('@opentelemetry/exporter-trace-otlp-http')
      : import('@opentelemetry/exporter-trace-otlp-proto'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace-base'),
  ]);
  const attr = {
    serviceName: semconv.ATTR_SERVICE_NAME,
    httpMethod: semconv.ATTR_HTTP_REQUEST_METHOD,
    httpStatus: semconv.ATTR_HTTP_RESPONSE_STATUS_CODE,
    urlFull: semconv.ATTR_URL_FULL,
  };
  const provider = new sdk.BasicTracerProvider({
    resource: resourceFromAttributes({ [attr.serviceName]: o.serviceName ?? 'weft' }),
    sampler: sampler(sdk, sampling),
    spanProcessors: [
      new sdk.BatchSpanProcessor(new OTLPTraceExporter({ url: o.url }), {
        maxExportBatchSize: o.maxExportBatchSize ?? 2048,
        scheduledDelayMillis: o.scheduledDelayMillis ?? 1000,
        maxQueueSize: 16_384,
      }),
    ],
  });
  return { otel: { api, attr }, provider };
}

/** The SDK's sampler of that name. */
function sampler(sdk: Sdk, s: SamplerOptions): Sampler {
  const ratio = () => new sdk.TraceIdRatioBasedSampler(s.ratio ?? 1);
  switch (s.name) {
    case 'always_on':
      return new sdk.AlwaysOnSampler();
    case 'always_off':
      return new sdk.AlwaysOffSampler();
    case 'traceidratio':
      return ratio();
    case 'parentbased_always_on':
      return new sdk.ParentBasedSampler({ root: new sdk.AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new sdk.ParentBasedSampler({ root: new sdk.AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new sdk.ParentBasedSampler({ root: ratio() });
  }
}
