import type { RunFiles } from '../files/run-files.ts';
import type { HttpClient, NodeLogger } from '../../nodes/define-node.ts';
import type { Store, StoreParts } from '../store/ports.ts';
import type { AdmissionGate } from './admission.ts';
import type { Clock } from './clock.ts';
import type { ExpressionCache } from './expressions.ts';
import type { Leases } from './leases.ts';
import type { LoopCursor } from './loops.ts';
import type { FlowPlan } from './plan.ts';
import type { RetryScheduler } from './retry-scheduler.ts';
import type { Deadlines } from './run-deadlines.ts';
import type { RunState, StepRecord } from './run-state.ts';
import type { StepOutcome } from './run-transitions.ts';
import type { RunWaiters } from './run-waiters.ts';
import type { StepContextDeps } from './step-context.ts';

/** The parts of the store the engine uses: runs and their steps, worker leases, and writes. */
export type EngineStore = Pick<Store, 'runs' | 'leases' | 'write' | 'files'>;

/** A value, or a promise of it: what the callbacks the engine is given (flows, connections) may return. */
export type MaybePromise<T> = T | Promise<T>;

/** Writes something more in the transaction of an operator's change (its audit entry). */
export type InWrite = (tx: StoreParts) => Promise<unknown>;

/** Counters for metrics and benchmarks. */
export interface EngineStats {
  stepsCommitted: number;
  runsStarted: number;
  runsFinished: number;
}

/** A run that ended, its end written by this process (EngineObserver). */
export interface RunEnded {
  runId: string;
  flowId: string;
  mode: 'live' | 'test';
  status: string;
  /** The code of the run's failure, if it failed. */
  errorCode: string | null;
}

/** An attempt of a step whose result was committed (EngineObserver). */
export interface StepCommitted {
  flowId: string;
  mode: 'live' | 'test';
  /** The node's type, e.g. connector.http. */
  kind: string;
  status: StepRecord['status'];
  /** How long the attempt executed. */
  ms: number;
}

/** Told of runs and steps as they end here, for metrics (telemetry/metrics.ts); cheap, and never throws. */
export interface EngineObserver {
  runEnded(run: RunEnded): void;
  stepCommitted(step: StepCommitted): void;
}

/** A run's place in its OpenTelemetry trace: the ids stored on its row (the tracer keeps its live span here too). */
export interface RunTrace {
  traceId: string;
  /** The run span's id: steps of a run resumed from its rows continue under it. */
  spanId: string;
}

/** Opens a run's and its steps' spans (telemetry/tracing.ts); absent when tracing is off. */
export interface RunTracer {
  /**
   * A run starts: its span, a child of the W3C `traceparent` it came with, or of the control.call step
   * that started it (`parent`), if any.
   */
  runStarted(
    rs: RunState,
    businessKey: string | null,
    traceparent: string | null,
    parent: { runId: string; nodeId: string } | null,
  ): RunTrace;
  /**
   * One attempt of a step, in its span; `fn` gets the HTTP client the attempt's connector calls go
   * through, each a child span of the step's.
   */
  step(
    rs: RunState,
    nodeId: string,
    attempt: number,
    http: HttpClient,
    fn: (http: HttpClient) => Promise<StepOutcome>,
  ): Promise<StepOutcome>;
  /** The run ended (or, with `status`, stopped executing here): its span ends. */
  runEnded(rs: RunState, status?: string): void;
}

/**
 * What the engine keeps about the runs it executes, and the parts it drives them with. The Engine
 * creates the one instance; the modules that change runs (step-runner, run-lifecycle, run-start,
 * run-recovery, sub-flows, operator-actions) receive it, so no state lives anywhere else.
 */
export interface EngineCore {
  readonly store: EngineStore;
  readonly clock: Clock;
  readonly exprs: ExpressionCache;
  readonly logger: NodeLogger;
  readonly random: (() => number) | undefined;
  /** Step payloads larger than this (bytes of JSON) are kept once per run instead of inline. */
  readonly inlineCap: number;
  /** A step executing when the process stopped, this many times, is failed as a poison input (poison.ts). */
  readonly poisonRestarts: number;
  /** The runs executing on this worker, by id. */
  readonly active: Map<string, RunState>;
  /**
   * Runs let go because the store could not be used when a write of theirs was to be committed, by id
   * (run-lifecycle.ts, park): picked up again from their committed rows at the next lease renewal.
   */
  readonly parked: Map<string, RunState>;
  /** Flow settings concurrency and orderingKey: which runs may execute now. */
  readonly admission: AdmissionGate;
  readonly waiters: RunWaiters;
  readonly deadlines: Deadlines;
  readonly leases: Leases;
  readonly scheduler: RetryScheduler;
  readonly stepDeps: StepContextDeps;
  /** The files runs write (FileRef), in the store. */
  readonly files: RunFiles;
  /** Aborted at shutdown: every step in flight listens on it. */
  readonly signal: AbortSignal;
  readonly stats: EngineStats;
  readonly observer: EngineObserver | null;
  readonly tracer: RunTracer | null;
  /** Steps executing now; `onIdle` is called when the last of them is done. */
  running: number;
  onIdle: (() => void) | null;
  /** A cluster (PostgreSQL): a run held by another process was cancelled here, and that process is told to let it go. Null on one process's SQLite. */
  readonly cancelledElsewhere: ((runId: string) => void) | null;
  /** Shutting down: no new run or step starts. */
  stopping: boolean;
  /** The plan of a published version, built once. */
  planFor(flowId: string, version: number): Promise<FlowPlan>;
  /** The active version of a flow; null when none. */
  activeVersion(flowId: string): Promise<number | null>;
  /** Runs one step (step-runner.ts); here for the modules step-runner itself builds on. */
  runStep(rs: RunState, nodeId: string, forced?: StepOutcome): Promise<void>;
  /** A run has ended: the control.call step waiting for it goes on (sub-flows.ts). Never rejects. */
  childFinished(childId: string): Promise<void>;
  /** The loops being driven on this worker, by run and node (loops.ts). */
  readonly loops: Map<string, LoopCursor>;
  /** A control.loop step waits for its body runs: drives it (loops.ts); `fresh` when the step has just executed. */
  driveLoop(rs: RunState, nodeId: string, fresh: boolean): void;
}
