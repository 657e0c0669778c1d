import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EngineObserver, RunEnded, StepCommitted } from '../engine/engine-core.ts';
import type { GuardStatus } from '../guard/guarded-http.ts';
import { circuitValue, runStatusLabel, type StatusClass } from './labels.ts';
import { processMetrics } from './process-metrics.ts';
import { KeyedHistogram } from './keyed-histogram.ts';

/** Runs on this worker now, by what they are doing (Engine.backlog). */
export interface Backlog {
  /** Waiting for their turn: the flow's concurrency limit or an ordering key. */
  queued: number;
  /** A step executing or about to (or compensations). */
  running: number;
  /** Nothing in flight: waiting for a retry, a delay, an approval or a sub-flow. */
  waiting: number;
}

/** What the gauges read when scraped. */
export interface MetricSources {
  engine: { backlog(): Backlog };
  /** The circuits of the downstreams; null when the guard is turned off. */
  guard: { status(): GuardStatus } | null;
}

const STEP_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
const BATCH_WRITES = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000];
const COMMIT_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * The metrics of one Weft runtime, in a registry of its own (several runtimes in one process keep
 * theirs apart), served as Prometheus text with the process's metrics (event-loop lag, CPU, memory,
 * GC) by GET /metrics. Counters and histograms move as things happen (the engine, the HTTP client and
 * the store's committer tell it); the gauges of circuits and backlog are read when scraped.
 * Designer test runs are left out: the figures are those of live runs.
 */
export class Metrics implements EngineObserver {
  readonly registry = new Registry();
  private readonly runs: Counter<'flow' | 'status'>;
  private readonly steps: KeyedHistogram<'kind'>;
  private readonly retries: Counter<'flow'>;
  private readonly calls: Counter<'connection' | 'status_class'>;
  private readonly batchWrites: Histogram;
  private readonly commitSeconds: Histogram;
  private sources: MetricSources | null = null;

  constructor() {
    const registers = [this.registry];
    this.runs = new Counter({
      name: 'weft_runs_total',
      help: 'Runs that ended, their end written by this process, by flow and status (commit_failed: the store refused a result)',
      labelNames: ['flow', 'status'],
      registers,
    });
    this.steps = new KeyedHistogram(
      'weft_step_duration_seconds',
      'How long an attempt of a step executed, by node kind',
      'kind',
      STEP_SECONDS,
      this.registry,
    );
    this.retries = new Counter({
      name: 'weft_step_retries_total',
      help: 'Attempts of steps that failed and wait to be tried again, by flow',
      labelNames: ['flow'],
      registers,
    });
    this.calls = new Counter({
      name: 'weft_connector_calls_total',
      help: 'Requests connector steps sent downstream, by stored connection (or host:port) and class of answer (error: none)',
      labelNames: ['connection', 'status_class'],
      registers,
    });
    this.batchWrites = new Histogram({
      name: 'weft_commit_batch_size',
      help: 'Writes committed together in one store transaction (group commit)',
      buckets: BATCH_WRITES,
      registers,
    });
    this.commitSeconds = new Histogram({
      name: 'weft_commit_duration_seconds',
      help: 'How long a group-commit transaction took, from its start to its commit',
      buckets: COMMIT_SECONDS,
      registers,
    });
    const read = () => this.sources;
    new Gauge({
      name: 'weft_circuit_state',
      help: 'Circuit of a downstream (stored connection or host:port): 0 closed, 1 half-open, 2 open',
      labelNames: ['host'],
      registers,
      collect(this: Gauge<'host'>) {
        this.reset();
        for (const c of read()?.guard?.status().circuits ?? []) this.set({ host: c.host }, circuitValue(c.state));
      },
    });
    new Gauge({
      name: 'weft_runs_backlog',
      help: 'Runs on this process: queued for their turn, running, or waiting (for a retry, a delay, an approval, a sub-flow)',
      labelNames: ['state'],
      registers,
      collect(this: Gauge<'state'>) {
        const b = read()?.engine.backlog() ?? { queued: 0, running: 0, waiting: 0 };
        for (const state of ['queued', 'running', 'waiting'] as const) this.set({ state }, b[state]);
      },
    });
  }

  /** What the gauges read at scrape time. */
  watch(sources: MetricSources): void {
    this.sources = sources;
  }

  runEnded(run: RunEnded): void {
    if (run.mode === 'test') return;
    this.runs.inc({ flow: run.flowId, status: runStatusLabel(run.status, run.errorCode) });
  }

  stepCommitted(step: StepCommitted): void {
    if (step.mode === 'test') return;
    this.steps.observe(step.kind, Math.max(0, step.ms) / 1000);
    if (step.status === 'retrying') this.retries.inc({ flow: step.flowId });
  }

  /** A connector request ended: answered (its status's class) or not (`error`). */
  connectorCall(connection: string, statusClass: StatusClass): void {
    this.calls.inc({ connection, status_class: statusClass });
  }

  /** The store committed a transaction of `writes` writes in `ms`. */
  committed(writes: number, ms: number): void {
    this.batchWrites.observe(writes);
    this.commitSeconds.observe(ms / 1000);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text exposition: the process's metrics, then this runtime's. */
  async text(): Promise<string> {
    const [proc, own] = await Promise.all([processMetrics().metrics(), this.registry.metrics()]);
    return spellNaN(proc + own);
  }
}

/** prom-client writes a NaN value (an event-loop mean before any sample) as `Nan`; the format spells it `NaN`. */
export function spellNaN(text: string): string {
  return text.replace(/^([^#\n].*) Nan$/gm, '$1 NaN');
}
