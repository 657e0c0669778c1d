/** Where spans go: the OTLP/HTTP traces endpoint; tracing is off without one. */
export interface TracingOptions {
  /** The full URL spans are posted to (…/v1/traces). */
  url: string;
  serviceName?: string;
  /** How spans are encoded: protobuf (the default, cheaper to make and smaller) or JSON. */
  protocol?: OtlpProtocol;
  /** Which runs are recorded; unset: as OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG say. */
  sampler?: SamplerOptions;
  /** Spans sent in one request at most, and how long spans wait for one (ms). */
  maxExportBatchSize?: number;
  scheduledDelayMillis?: number;
}

export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

/** The standard OTEL_TRACES_SAMPLER values, each one of the SDK's samplers. */
export const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type SamplerName = (typeof SAMPLERS)[number];

/** A sampler and, for the trace-id ratio ones, the share of traces recorded (0 to 1). */
export interface SamplerOptions {
  name: SamplerName;
  ratio?: number;
}

/**
 * The traces endpoint the environment names: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as it is, or
 * OTEL_EXPORTER_OTLP_ENDPOINT with /v1/traces added; null (tracing off) when neither is set. Throws on a
 * sampler or protocol the runtime does not know, naming the variable and the values accepted.
 */
export function tracingFromEnv(env: NodeJS.ProcessEnv = process.env): TracingOptions | null {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!traces && !base) return null;
  return {
    url: traces || `${base!.replace(/\/+$/, '')}/v1/traces`,
    serviceName: env.OTEL_SERVICE_NAME || undefined,
    protocol: protocolFromEnv(env),
    sampler: samplerFromEnv(env),
  };
}

/** OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG; parentbased_always_on (every run recorded unless its caller's trace is not) when unset. */
export function samplerFromEnv(env: NodeJS.ProcessEnv = process.env): SamplerOptions {
  const raw = env.OTEL_TRACES_SAMPLER?.trim();
  const name = (raw ? raw.toLowerCase() : 'parentbased_always_on') as SamplerName;
  if (!SAMPLERS.includes(name))
    throw new Error(`OTEL_TRACES_SAMPLER must be one of ${SAMPLERS.join(', ')}; got "${raw}"`);
  if (!name.endsWith('traceidratio')) return { name };
  const arg = env.OTEL_TRACES_SAMPLER_ARG?.trim();
  if (!arg) return { name, ratio: 1 };
  const ratio = Number(arg);
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1)
    throw new Error(
      `OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1 (the share of traces recorded by ${name}); got "${arg}"`,
    );
  return { name, ratio };
}

/** OTEL_EXPORTER_OTLP_TRACES_PROTOCOL or OTEL_EXPORTER_OTLP_PROTOCOL; http/protobuf when unset. */
function protocolFromEnv(env: NodeJS.ProcessEnv): OtlpProtocol {
  for (const name of ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    if (!(OTLP_PROTOCOLS as readonly string[]).includes(raw))
      throw new Error(`${name} must be one of ${OTLP_PROTOCOLS.join(', ')}; got "${raw}"`);
    return raw as OtlpProtocol;
  }
  return 'http/protobuf';
}
