import type * as Api from '@opentelemetry/api';
import type { Sampler } from '@opentelemetry/sdk-trace-base';
import { ExportThread } from './export-thread.ts';
import { RecordingTracer } from './span-recorder.ts';
import { samplerFromEnv, type SamplerOptions, type TracingOptions } from './tracing-options.ts';

/** The OpenTelemetry API and the attribute names of its semantic conventions that Weft's spans use. */
export interface Otel {
  api: typeof Api;
  attr: { serviceName: string; httpMethod: string; httpStatus: string; urlFull: string };
}

type Sdk = typeof import('@opentelemetry/sdk-trace-base');

/**
 * Loads OpenTelemetry's API and sampler here and starts the export thread (export-thread.ts), which
 * batches the spans to the endpoint, encoded as protobuf unless JSON is asked for. Loaded only when
 * tracing is on, so a runtime without it carries none of it in memory. The sampler is the options' or
 * the environment's (checked before anything is loaded).
 */
export async function startOtel(
  o: TracingOptions,
  onFailure: (err: Error) => void,
): Promise<{ otel: Otel; tracer: RecordingTracer; exporter: ExportThread }> {
  const sampling = o.sampler ?? samplerFromEnv();
  const [api, semconv, sdk] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/semantic-conventions'),
    import('@opentelemetry/sdk-trace-base'),
  ]);
  const attr = {
    serviceName: semconv.ATTR_SERVICE_NAME,
    httpMethod: semconv.ATTR_HTTP_REQUEST_METHOD,
    httpStatus: semconv.ATTR_HTTP_RESPONSE_STATUS_CODE,
    urlFull: semconv.ATTR_URL_FULL,
  };
  const exporter = await ExportThread.start(
    {
      url: o.url,
      protocol: o.protocol ?? 'http/protobuf',
      serviceName: o.serviceName ?? 'weft',
      serviceNameKey: attr.serviceName,
      maxExportBatchSize: o.maxExportBatchSize ?? 2048,
      scheduledDelayMillis: o.scheduledDelayMillis ?? 1000,
      maxQueueSize: 16_384,
    },
    onFailure,
  );
  const tracer = new RecordingTracer(api, sampler(sdk, sampling), exporter, sampling.name.startsWith('parentbased_'));
  return { otel: { api, attr }, tracer, exporter };
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
