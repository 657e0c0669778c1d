import {
  type Context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
  TraceFlags,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { HttpClient } from '../../nodes/define-node.ts';
import type { RunTrace, RunTracer } from '../engine/engine-core.ts';
import type { RunState } from '../engine/run-state.ts';
import type { StepOutcome } from '../engine/run-transitions.ts';
import { secretMasker } from '../security/secret-mask.ts';
import { tracedHttp } from './traced-http.ts';
import { parseTraceparent } from './traceparent.ts';

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

/** The run's span while it executes on this process, kept on its RunTrace. */
interface LiveTrace extends RunTrace {
  span?: Span;
  ctx?: Context;
}

/**
 * OpenTelemetry traces of runs: a span per run (`run <flow>`), a child span per attempt of a step, and
 * (traced-http.ts) a client span per connector call under it. A run started with a W3C traceparent is
 * a child of that trace; a run resumed from its rows continues under its stored run span. Spans are
 * batched to the OTLP/HTTP endpoint. Created only when an endpoint is configured: without one the
 * engine holds no tracer and does no tracing work. Spans are handed from run to step to call
 * explicitly, not through an async context, which would slow every promise of the process.
 */
export class Tracing implements RunTracer {
  private readonly provider: BasicTracerProvider;
  private readonly tracer: Tracer;
  /** The contexts of the steps executing now, by run and node: a sub-flow run started by one is its child. */
  private readonly steps = new Map<string, Context>();

  constructor(o: TracingOptions) {
    this.provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: o.serviceName ?? 'weft' }),
      spanProcessors: [
        new BatchSpanProcessor(new OTLPTraceExporter({ url: o.url }), {
          maxExportBatchSize: o.maxExportBatchSize ?? 2048,
          scheduledDelayMillis: o.scheduledDelayMillis ?? 1000,
          maxQueueSize: 16_384,
        }),
      ],
    });
    this.tracer = this.provider.getTracer('weft');
  }

  runStarted(
    rs: RunState,
    businessKey: string | null,
    traceparent: string | null,
    caller: { runId: string; nodeId: string } | null,
  ): RunTrace {
    const parent = parseTraceparent(traceparent);
    const base = parent
      ? trace.setSpanContext(ROOT_CONTEXT, { ...parent, isRemote: true })
      : ((caller && this.steps.get(stepKey(caller.runId, caller.nodeId))) ?? ROOT_CONTEXT);
    const span = this.tracer.startSpan(
      `run ${rs.plan.flowId}`,
      { kind: SpanKind.INTERNAL, attributes: runAttributes(rs, businessKey) },
      base,
    );
    const sc = span.spanContext();
    const live: LiveTrace = { traceId: sc.traceId, spanId: sc.spanId, span, ctx: trace.setSpan(base, span) };
    return live;
  }

  step(
    rs: RunState,
    nodeId: string,
    attempt: number,
    http: HttpClient,
    fn: (http: HttpClient) => Promise<StepOutcome>,
  ): Promise<StepOutcome> {
    const run = this.runContext(rs);
    const kind = rs.plan.nodes.get(nodeId)?.descriptor.type ?? 'unknown';
    const span = this.tracer.startSpan(
      `step ${nodeId}`,
      {
        kind: SpanKind.INTERNAL,
        attributes: {
          'weft.node.id': nodeId,
          'weft.node.kind': kind,
          'weft.step.attempt': attempt,
        },
      },
      run,
    );
    const ctx = trace.setSpan(run, span);
    const key = stepKey(rs.id, nodeId);
    this.steps.set(key, ctx);
    return fn(tracedHttp(http, this.tracer, ctx)).then(
      (outcome) => {
        this.steps.delete(key);
        endStep(span, outcome);
        return outcome;
      },
      (err: unknown) => {
        this.steps.delete(key);
        span.setAttribute('weft.step.status', 'failed');
        span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.message });
        span.end();
        throw err;
      },
    );
  }

  runEnded(rs: RunState, status: string = rs.status): void {
    const live = rs.trace as LiveTrace | null;
    if (!live?.span) return;
    live.span.setAttribute('weft.run.status', status);
    if (status === 'failed') live.span.setStatus({ code: SpanStatusCode.ERROR, message: rs.failure?.code });
    live.span.end();
    live.span = undefined;
    live.ctx = undefined;
  }

  /** Sends the spans ended so far. */
  forceFlush(): Promise<void> {
    return this.provider.forceFlush();
  }

  /** Sends what is left and stops. */
  async shutdown(): Promise<void> {
    await this.provider.shutdown();
  }

  /**
   * The context a run's steps open their spans in. A run picked up from its rows (after a restart, a
   * takeover, an operator's retry) opens a span continuing its stored run span; one started before
   * tracing was on gets a trace of its own from here.
   */
  private runContext(rs: RunState): Context {
    const live = rs.trace as LiveTrace | null;
    if (live?.ctx) return live.ctx;
    const base = live
      ? trace.setSpanContext(ROOT_CONTEXT, {
          traceId: live.traceId,
          spanId: live.spanId,
          traceFlags: TraceFlags.SAMPLED,
          isRemote: true,
        })
      : ROOT_CONTEXT;
    const span = this.tracer.startSpan(
      `run ${rs.plan.flowId}`,
      { kind: SpanKind.INTERNAL, attributes: { ...runAttributes(rs, null), 'weft.run.resumed': true } },
      base,
    );
    const ctx = trace.setSpan(base, span);
    const sc = span.spanContext();
    rs.trace = { traceId: live?.traceId ?? sc.traceId, spanId: live?.spanId ?? sc.spanId, span, ctx } as LiveTrace;
    return ctx;
  }
}

const stepKey = (runId: string, nodeId: string) => `${runId}\u0000${nodeId}`;

function runAttributes(rs: RunState, businessKey: string | null): Record<string, string | number> {
  const a: Record<string, string | number> = { 'weft.flow.id': rs.plan.flowId, 'weft.run.id': rs.id };
  if (rs.plan.version !== null) a['weft.flow.version'] = rs.plan.version;
  if (rs.mode === 'test') a['weft.run.mode'] = 'test';
  if (businessKey !== null) a['weft.run.business_key'] = secretMasker.mask(businessKey);
  return a;
}

function endStep(span: Span, outcome: StepOutcome): void {
  if (outcome.ok === true) span.setAttribute('weft.step.status', 'succeeded');
  else if (outcome.ok === 'wait') span.setAttribute('weft.step.status', 'waiting');
  else {
    span.setAttribute('weft.step.status', 'failed');
    span.setAttribute('weft.error.code', outcome.error.code);
    span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.error.message });
  }
  span.end();
}
