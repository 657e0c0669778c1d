/** Where spans go: the OTLP/HTTP traces endpoint; tracing is off without one. */
export interface TracingOptions {
  /** The full URL spans are posted to (…/v1/traces). */
  url: string;
  serviceName?: string;
  /** Spans sent in one request at most, and how long spans wait for one (ms). */
  maxExportBatchSize?: number;
  scheduledDelayMillis?: number;
}

/**
 * The traces endpoint the environment names: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as it is, or
 * OTEL_EXPORTER_OTLP_ENDPOINT with /v1/traces added; null (tracing off) when neither is set.
 */
export function tracingFromEnv(env: NodeJS.ProcessEnv = process.env): TracingOptions | null {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return { url: traces, serviceName: env.OTEL_SERVICE_NAME || undefined };
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!base) return null;
  return { url: `${base.replace(/\/+$/, '')}/v1/traces`, serviceName: env.OTEL_SERVICE_NAME || undefined };
}
