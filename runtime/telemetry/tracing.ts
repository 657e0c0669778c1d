import type { Context, Span, Tracer } from '@opentelemetry/api';
import type { HttpClient } from '../../nodes/define-node.ts';
import type { RunTrace, RunTracer } from '../engine/engine-core.ts';
import type { RunState } from '../engine/run-state.ts';
import type { StepOutcome } from '../engine/run-transitions.ts';
import { secretMasker } from '../security/secret-mask.ts';
import type { ExportThread } from './export-thread.ts';
import { startOtel, type Otel } from './otel.ts';
import { tracedHttp } from './traced-http.ts';
import type { TracingOptions } from './tracing-options.ts';
import { parseTraceparent } from './traceparent.ts';

/** The run's span while it executes on this process, kept on its RunTrace. */
interface LiveTrace extends RunTrace {
  span?: Span;
  ctx?: Context;
}

/**
 * OpenTelemetry traces of runs: a span per run (`run <flow>`), a child span per attempt of a step, and
 * (traced-http.ts) a client span per connector call under it. A run started with a W3C traceparent is
 * a child of that trace; a run resumed from its rows continues under its stored run span. Spans are
 * recorded as plain data (span-recorder.ts) and batched to the OTLP/HTTP endpoint by the export thread
 * (export-thread.ts). Created only when an endpoint is configured: without one the
 * engine holds no tracer and does no tracing work. Spans are handed from run to step to call
 * explicitly, not through an async context, which would slow every promise of the process.
 */
export class Tracing implements RunTracer {
  private readonly tracer: Tracer;
  /** The spans of the steps executing now, by run and node: a sub-flow run started by one is its child. */
  private readonly steps = new Map<string, Span>();

  private constructor(
    private readonly otel: Otel,
    tracer: Tracer,
    private readonly exporter: ExportThread,
  ) {
    this.tracer = tracer;
  }

  /**
   * Loads OpenTelemetry and starts exporting to the endpoint; `onFailure` hears when the export thread
   * stops (spans are then dropped, runs go on).
   */
  static async start(o: TracingOptions, onFailure: (err: Error) => void = () => {}): Promise<Tracing> {
    const { otel, tracer, exporter } = await startOtel(o, onFailure);
    return new Tracing(otel, tracer, exporter);
  }

  runStarted(
    rs: RunState,
    businessKey: string | null,
    traceparent: string | null,
    caller: { runId: string; nodeId: string } | null,
  ): RunTrace {
    const { trace, ROOT_CONTEXT, SpanKind } = this.otel.api;
    const parent = parseTraceparent(traceparent);
    const step = !parent && caller ? this.steps.get(stepKey(caller.runId, caller.nodeId)) : undefined;
    const base = parent
      ? trace.setSpanContext(ROOT_CONTEXT, { ...parent, isRemote: true })
      : step
        ? trace.setSpan(ROOT_CONTEXT, step)
        : ROOT_CONTEXT;
    const span = this.tracer.startSpan(
      `run ${rs.plan.flowId}`,
      { kind: SpanKind.INTERNAL, attributes: runAttributes(rs, businessKey) },
      base,
    );
    const sc = span.spanContext();
    const live: LiveTrace = { traceId: sc.traceId, spanId: sc.spanId, span, ctx: trace.setSpan(ROOT_CONTEXT, span) };
    return live;
  }

  step(
    rs: RunState,
    nodeId: string,
    attempt: number,
    http: HttpClient,
    fn: (http: HttpClient) => Promise<StepOutcome>,
  ): Promise<StepOutcome> {
    const { SpanKind, SpanStatusCode } = this.otel.api;
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
    const key = stepKey(rs.id, nodeId);
    this.steps.set(key, span);
    return fn(tracedHttp(http, this.tracer, span, this.otel)).then(
      (outcome) => {
        this.steps.delete(key);
        endStep(span, outcome, SpanStatusCode.ERROR);
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
    if (status === 'failed')
      live.span.setStatus({ code: this.otel.api.SpanStatusCode.ERROR, message: rs.failure?.code });
    live.span.end();
    live.span = undefined;
    live.ctx = undefined;
  }

  /** Sends the spans ended so far. */
  forceFlush(): Promise<void> {
    return this.exporter.forceFlush();
  }

  /** Sends what is left and stops. */
  async shutdown(): Promise<void> {
    await this.exporter.shutdown();
  }

  /**
   * The context a run's steps open their spans in. A run picked up from its rows (after a restart, a
   * takeover, an operator's retry) opens a span continuing its stored run span; one started before
   * tracing was on gets a trace of its own from here.
   */
  private runContext(rs: RunState): Context {
    const { trace, ROOT_CONTEXT, SpanKind, TraceFlags } = this.otel.api;
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
    const ctx = trace.setSpan(ROOT_CONTEXT, span);
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

function endStep(span: Span, outcome: StepOutcome, error: number): void {
  if (outcome.ok === true) span.setAttribute('weft.step.status', 'succeeded');
  else if (outcome.ok === 'wait') span.setAttribute('weft.step.status', 'waiting');
  else {
    span.setAttribute('weft.step.status', 'failed');
    span.setAttribute('weft.error.code', outcome.error.code);
    span.setStatus({ code: error, message: outcome.error.message });
  }
  span.end();
}
