import { describe, expect, it } from 'vitest';
import { Tracing } from './tracing.ts';
import { samplerFromEnv, tracingFromEnv } from './tracing-options.ts';

const ENDPOINT = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' };

describe('tracing settings from the environment', () => {
  it('is off without an endpoint, and sends protobuf to …/v1/traces with every run recorded by default', () => {
    expect(tracingFromEnv({ OTEL_TRACES_SAMPLER: 'always_on' })).toBeNull();
    expect(tracingFromEnv(ENDPOINT)).toEqual({
      url: 'http://collector:4318/v1/traces',
      serviceName: undefined,
      protocol: 'http/protobuf',
      sampler: { name: 'parentbased_always_on' },
    });
    expect(
      tracingFromEnv({
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c/traces',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'weft-eu',
      }),
    ).toMatchObject({ url: 'http://c/traces', serviceName: 'weft-eu', protocol: 'http/json' });
  });

  it('reads each standard sampler, and the ratio of the trace-id ratio ones', () => {
    for (const name of ['always_on', 'always_off', 'parentbased_always_on', 'parentbased_always_off'])
      expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: name, OTEL_TRACES_SAMPLER_ARG: '0.5' })).toEqual({ name });
    expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' })).toEqual({
      name: 'traceidratio',
      ratio: 0.25,
    });
    expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: ' ParentBased_TraceIdRatio ', OTEL_TRACES_SAMPLER_ARG: '0' })).toEqual(
      { name: 'parentbased_traceidratio', ratio: 0 },
    );
    expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'traceidratio' })).toEqual({ name: 'traceidratio', ratio: 1 });
  });

  it('refuses a sampler, a ratio or a protocol it does not know, naming the variable and what it accepts', () => {
    expect(() => tracingFromEnv({ ...ENDPOINT, OTEL_TRACES_SAMPLER: 'jaeger_remote' })).toThrow(
      'OTEL_TRACES_SAMPLER must be one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio; got "jaeger_remote"',
    );
    for (const arg of ['1.5', '-0.1', 'half'])
      expect(() =>
        tracingFromEnv({ ...ENDPOINT, OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: arg }),
      ).toThrow(
        `OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1 (the share of traces recorded by parentbased_traceidratio); got "${arg}"`,
      );
    expect(() => tracingFromEnv({ ...ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(
      'OTEL_EXPORTER_OTLP_PROTOCOL must be one of http/protobuf, http/json; got "grpc"',
    );
  });

  it('refuses to start tracing with a sampler in the environment it does not know', async () => {
    process.env.OTEL_TRACES_SAMPLER = 'sometimes';
    try {
      await expect(Tracing.start({ url: 'http://127.0.0.1:9/v1/traces' })).rejects.toThrow(
        /^OTEL_TRACES_SAMPLER must be one of always_on, .*; got "sometimes"$/,
      );
    } finally {
      delete process.env.OTEL_TRACES_SAMPLER;
    }
  });
});
