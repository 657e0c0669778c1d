import { setMaxListeners } from 'node:events';
import type { HttpClient, NodeLogger, ResolvedConnection } from '../../nodes/define-node.ts';
import { ErrorCodes, WeftError } from '../../shared/errors.ts';
import type { FlowDefinition } from '../../shared/flow.ts';
import { Admission, type RunLimits } from './admission.ts';
import { ClusterAdmission } from './cluster-admission.ts';
import type { ChangeFeed } from '../store/changes.ts';
import { type Clock, systemClock } from './clock.ts';
import type {
  EngineCore,
  EngineObserver,
  EngineStats,
  EngineStore,
  InWrite,
  MaybePromise,
  RunTracer,
} from './engine-core.ts';
import { ExpressionCache } from './expressions.ts';
import { type LeaseOptions, Leases, type WorkerInfo } from './leases.ts';
import * as operator from './operator-actions.ts';
import { buildPlan, type FlowPlan, type NodeLookup } from './plan.ts';
import { RetryScheduler } from './retry-scheduler.ts';
import { Deadlines } from './run-deadlines.ts';
import { expire } from './run-lifecycle.ts';
import { adoptUnfinished, takeOver } from './run-recovery.ts';
import { type StartRunRequest, startRun } from './run-start.ts';
import { type RunOutcome, RunWaiters, type WaitUntil } from './run-waiters.ts';
import { dispatchRetry, runStep } from './step-runner.ts';
import type { StepContextDeps } from './step-context.ts';
import { handOver, startChild } from './sub-flows.ts';
import { driveLoop } from './loops.ts';
import { RunFiles } from '../files/run-files.ts';
import { retryFailedItems } from './loop-retry.ts';

export type { RunOutcome, StartRunRequest };

export interface EngineOptions {
  /** The store's runs, leases and writes. */
  store: EngineStore;
  lookup: NodeLookup;
  /** The published definition of a flow version. */
  loadVersion: (flowId: string, version: number) => MaybePromise<FlowDefinition | undefined>;
  /** The active version of a flow (sub-flow calls run it); null when none. */
  activeVersion?: (flowId: string) => MaybePromise<number | null>;
  http: HttpClient;
  logger: NodeLogger;
  clock?: Clock;
  random?: () => number;
  /** Step payloads larger than this (bytes of JSON) are kept once per run instead of inline. */
  inlinePayloadCap?: number;
  /** A step executing when the process stopped, this many times, is failed as a poison input (0: never; see poison.ts). */
  poisonRestarts?: number;
  exprs?: ExpressionCache;
  /** This worker's name and lease period (several workers may share one database). */
  lease?: LeaseOptions;
  /** Stored connections by id, for connector steps. */
  connection?: (id: string, signal: AbortSignal) => Promise<ResolvedConnection>;
  /** Stored connections of other protocols (RabbitMQ, NATS, SFTP) by id, with their checked address. */
  credentials?: StepContextDeps['credentials'];
  /** Signs outgoing webhooks of HTTP steps with a connection's shared secret (Standard Webhooks). */
  signWebhook?: StepContextDeps['signWebhook'];
  /** Writes of lookup.write steps into lookup tables, on behalf of their run. */
  writeLookup?: StepContextDeps['writeLookup'];
  /**
   * The processes of a cluster (several on one PostgreSQL database): concurrency limits and ordering keys
   * are decided in the database for all of them, and ended runs are announced through `changes`.
   */
  cluster?: { changes: ChangeFeed };
  /** Told of runs and steps as they end (metrics). */
  observer?: EngineObserver;
  /** Opens the spans of runs and steps (OpenTelemetry); none when tracing is off. */
  tracer?: RunTracer;
}

/**
 * Executes runs step by step. Every step's result and the successors it makes ready are committed in
 * one (group) transaction before the successors start; after a crash, `start()` rebuilds each unfinished
 * run from its committed steps and carries on. The engine knows node kinds only through descriptors.
 *
 * This class holds the plans and the one EngineCore; the work is done by the modules it wires together:
 * step-runner (one step, with run-transitions deciding what follows), run-start, run-lifecycle,
 * run-recovery, sub-flows and operator-actions.
 */
export class Engine {
  readonly exprs: ExpressionCache;
  readonly clock: Clock;
  /** Counters for metrics and benchmarks. */
  readonly stats: EngineStats = { stepsCommitted: 0, runsStarted: 0, runsFinished: 0 };
  private readonly plans = new Map<string, FlowPlan>();
  /** Aborts every step in flight at shutdown; each HTTP call listens on it, so it may have many listeners. */
  private readonly abort = new AbortController();
  private readonly core: EngineCore;

  private stopAdmission: (() => void) | null = null;

  /** In-memory admission for one process; decided in the database for a cluster. */
  private admissionFor(o: EngineOptions, clock: Clock) {
    const limits: RunLimits = (rs) => ({
      // The body runs of a loop execute as their loop says, not as further runs of the flow.
      concurrency: rs.mode === 'live' && rs.plan.loopId === null ? rs.plan.definition.settings?.concurrency : undefined,
      orderKey: rs.orderKey,
    });
    if (!o.cluster) return new Admission(limits);
    const { changes } = o.cluster;
    const gate = new ClusterAdmission(
      o.store,
      limits,
      () => clock.now(),
      o.logger,
      (flowId) => {
        changes.notify('admission', flowId).catch((err: Error) =>
          o.logger.warn(
            'other processes could not be told a run ended; their waiting runs look again within a second',
            {
              error: err.message,
            },
          ),
        );
      },
    );
    const unlisten = changes.listen((topic, detail) => {
      if (topic === 'admission') gate.changed(detail);
      else if (topic === 'runs' && detail) operator.letGoCancelled(this.core, detail);
    });
    this.stopAdmission = () => {
      unlisten();
      gate.stop();
    };
    return gate;
  }

  constructor(private readonly o: EngineOptions) {
    setMaxListeners(0, this.abort.signal);
    const clock = o.clock ?? systemClock;
    const exprs = o.exprs ?? new ExpressionCache();
    this.clock = clock;
    this.exprs = exprs;
    const files = new RunFiles(o.store, () => clock.now());
    const core: EngineCore = {
      store: o.store,
      files,
      clock,
      exprs,
      logger: o.logger,
      random: o.random,
      inlineCap: o.inlinePayloadCap ?? 1024 * 1024,
      poisonRestarts: o.poisonRestarts ?? 3,
      active: new Map(),
      parked: new Map(),
      admission: this.admissionFor(o, clock),
      waiters: new RunWaiters(),
      deadlines: new Deadlines(clock, (rs) => void expire(core, rs)),
      leases: new Leases(o.store.leases, clock, o.logger, o.lease ?? {}, (lost) =>
        takeOver(core, lost).catch((err) =>
          o.logger.error('taking over runs failed', { error: (err as Error).message }),
        ),
      ),
      scheduler: new RetryScheduler(
        o.store.runs,
        clock,
        (runId, nodeId) => dispatchRetry(core, runId, nodeId),
        (err) => o.logger.error('due retries could not be read; looking again shortly', { error: err.message }),
      ),
      stepDeps: {
        exprs,
        http: o.http,
        logger: o.logger,
        now: () => clock.now(),
        held: () => core.leases.whenHeld(),
        startChild: (parent, nodeId, flowId, input) => startChild(core, parent, nodeId, flowId, input),
        connection:
          o.connection ??
          ((id) => Promise.reject(new WeftError(ErrorCodes.config, `connection "${id}" does not exist`))),
        credentials:
          o.credentials ??
          ((id) => Promise.reject(new WeftError(ErrorCodes.config, `connection "${id}" does not exist`))),
        signWebhook:
          o.signWebhook ??
          ((id) => Promise.reject(new WeftError(ErrorCodes.config, `connection "${id}" does not exist`))),
        writeLookup:
          o.writeLookup ??
          ((_runId, table) =>
            Promise.reject(
              new WeftError(ErrorCodes.config, `lookup table "${table}": this engine has no lookup tables`),
            )),
        files: (runId) => files.forRun(runId),
      },
      signal: this.abort.signal,
      stats: this.stats,
      observer: o.observer ?? null,
      tracer: o.tracer ?? null,
      running: 0,
      onIdle: null,
      stopping: false,
      planFor: (flowId, version) => this.planFor(flowId, version),
      activeVersion: async (flowId) => (await o.activeVersion?.(flowId)) ?? null,
      runStep: (rs, nodeId, forced) => runStep(core, rs, nodeId, forced),
      cancelledElsewhere: !o.cluster
        ? null
        : (runId) => {
            o.cluster?.changes.notify('runs', runId).catch((err: Error) =>
              o.logger.warn(
                'the process executing a cancelled run could not be told; the run stays cancelled in the store',
                {
                  runId,
                  error: err.message,
                },
              ),
            );
          },
      loops: new Map(),
      driveLoop: (rs, nodeId, fresh) => driveLoop(core, rs, nodeId, fresh),
      childFinished: (childId) => handOver(core, childId, (msg, fields) => o.logger.error(msg, fields)),
    };
    this.core = core;
  }

  /** The plan of a published version, built once. */
  async planFor(flowId: string, version: number): Promise<FlowPlan> {
    const key = `${flowId}@${version}`;
    const cached = this.plans.get(key);
    if (cached) return cached;
    const def = await this.o.loadVersion(flowId, version);
    if (!def) throw new WeftError(ErrorCodes.notFound, `flow ${flowId} has no version ${version}`);
    const plan = this.plans.get(key) ?? buildPlan(def, version, this.o.lookup);
    this.plans.set(key, plan);
    return plan;
  }

  /** Drops the cached plans of a deleted flow: a new flow with the same id numbers its versions from 1 again. */
  forgetFlow(flowId: string): void {
    for (const key of [...this.plans.keys()]) if (key.startsWith(`${flowId}@`)) this.plans.delete(key);
  }

  planForDraft(def: FlowDefinition): FlowPlan {
    return buildPlan(def, null, this.o.lookup);
  }

  /** Takes this worker's lease and picks up every run left unfinished by a stopped worker. */
  async start(): Promise<void> {
    await this.core.leases.start();
    await adoptUnfinished(this.core);
    this.core.scheduler.start();
  }

  /** The workers sharing this database, with their leases and the runs they execute. */
  workers(): Promise<WorkerInfo[]> {
    return this.core.leases.workers();
  }

  /** This worker's name in the workers table. */
  get workerId(): string {
    return this.core.leases.workerId;
  }

  /**
   * Stops taking new steps, waits up to `graceMs` for steps in flight (the others are interrupted and
   * leave no row, so they run again with the same idempotency key), commits what is pending and gives
   * up the lease: another worker, or the next start, takes the unfinished runs over at once.
   */
  async stop(graceMs = 10_000): Promise<void> {
    const core = this.core;
    core.stopping = true;
    this.stopAdmission?.();
    core.scheduler.stop();
    if (core.running > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, graceMs);
        core.onIdle = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
    const inFlight = core.running;
    this.abort.abort();
    // Queued after every write asked for so far, so it resolves once they are committed (or refused).
    await core.store.write(() => undefined).catch(() => undefined);
    await core.leases.stop();
    // The spans of runs left unfinished end here; the next worker continues them in the same trace.
    if (core.tracer) for (const rs of core.active.values()) core.tracer.runEnded(rs, 'released');
    if (core.active.size > 0)
      core.logger.info('stopped; unfinished runs released to the next worker', {
        runs: core.active.size,
        stepsInterrupted: inFlight,
        workerId: core.leases.workerId,
      });
  }

  /** Accepts a trigger event durably; returns the new run's id, or the earlier run's id for a duplicate. */
  startRun(req: StartRunRequest): Promise<{ runId: string; duplicate: boolean }> {
    return startRun(this.core, req);
  }

  /** Resolves when the run has answered (a respond step) or finished, has paused (pause.ts) or finished, or has finished — as `until` says; null after `timeoutMs`. */
  async waitFor(runId: string, timeoutMs: number, until: WaitUntil = 'respond'): Promise<RunOutcome | null> {
    const rs = this.core.active.get(runId);
    if (rs) return this.core.waiters.wait(rs, until, timeoutMs, this.clock.now());
    const row = await this.core.store.runs.run(runId);
    // It may have come here (resumed by an operator) while the row was read.
    const now = this.core.active.get(runId);
    if (now) return this.core.waiters.wait(now, until, timeoutMs, this.clock.now());
    if (!row) return null;
    return {
      runId,
      status: row.status,
      response: row.response ? JSON.parse(row.response) : null,
      error: row.error ? JSON.parse(row.error) : null,
    };
  }

  /**
   * Puts a failed run's failed steps back in line with a fresh attempt budget (operator-actions.ts).
   * `audit` writes in the transaction that reopens the run, as it does for cancel and decide.
   */
  retryFailed(
    runId: string,
    input?: { nodeId: string; value: unknown },
    note?: string,
    audit?: InWrite,
  ): Promise<void> {
    return operator.retryFailed(this.core, runId, input, note, audit);
  }

  /** Retries only the failed items of a finished run's loop step, and the steps after it (loop-retry.ts). */
  retryFailedItems(runId: string, nodeId: string, note?: string, audit?: InWrite): Promise<{ items: number }> {
    return retryFailedItems(this.core, runId, nodeId, note, audit);
  }

  /** Stops a running or waiting run with the operator's reason (operator-actions.ts). */
  cancel(runId: string, reason: string, audit?: InWrite): Promise<void> {
    return operator.cancel(this.core, runId, reason, audit);
  }

  /** An operator's decision on a run waiting for approval (operator-actions.ts). */
  decide(runId: string, decision: 'approve' | 'reject', comment: string | undefined, audit?: InWrite): Promise<void> {
    return operator.decide(this.core, runId, decision, comment, audit);
  }

  /** Runs of a flow waiting for their turn (concurrency or ordering key). */
  waitingRuns(flowId: string): number {
    return this.core.admission.waiting(flowId);
  }

  /**
   * The runs on this worker now: waiting for their turn (queued), with a step executing or about to, or
   * compensating (running), or with nothing in flight — waiting for a retry, a delay, an approval or a
   * sub-flow (waiting). One pass over the runs in memory.
   */
  backlog(): { queued: number; running: number; waiting: number } {
    const turn = new Set(this.core.admission.waitingRuns());
    let queued = 0;
    let running = 0;
    let waiting = 0;
    for (const rs of this.core.active.values()) {
      if (turn.has(rs.id)) queued++;
      else if (rs.inFlight.size > 0 || rs.status === 'compensating') running++;
      else waiting++;
    }
    return { queued, running, waiting };
  }

  isActive(runId: string): boolean {
    return this.core.active.has(runId);
  }

  /** The steps of a run executing on this worker now (started, not yet settled); none when the run is not here. */
  stepsInFlight(runId: string): string[] {
    return [...(this.core.active.get(runId)?.inFlight ?? [])];
  }
}
