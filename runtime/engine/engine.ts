// One file on purpose, past the usual size: the Engine alone owns the in-memory state of live runs
// (active runs, admission, deadlines, waiters, leases taken over) and every path that changes that
// state is here, so none of it can change behind another module's back. Everything that needs none of
// that state lives beside it: run-state, admission, compensation, retry-scheduler, leases,
// step-context, config-plan, payloads.
import { setMaxListeners } from 'node:events';
import type { FlowDefinition } from '../../shared/flow.ts';
import {
  ERROR_PORT,
  isWaiting,
  type HttpClient,
  type NodeLogger,
  type ResolvedConnection,
} from '../../nodes/define-node.ts';
import { Admission } from './admission.ts';
import { compensates, runCompensations, toCompensate } from './compensation.ts';
import { stripLeadingEquals } from '../../shared/expression-string.ts';
import { isRouted } from '../../nodes/define-node.ts';
import { toErrorShape, WeftError, ErrorCodes, type WeftErrorShape } from '../../shared/errors.ts';
import { backoffDelay } from '../../shared/retry-policy.ts';
import type { RunResponse, RunStatus } from '../../shared/run.ts';
import type { NewStep, RunRow, RunStore, StepRow } from '../store/run-store.ts';
import { buildPlan, type FlowPlan, type NodeLookup } from './plan.ts';
import { RunState, type StepRecord, type TriggerEvent } from './run-state.ts';
import { ExpressionCache } from './expressions.ts';
import { resolveConfig } from './config-plan.ts';
import { createStepContext, bindingsOf, type StepContextDeps } from './step-context.ts';
import { storeValue, type StoredValue } from './payloads.ts';
import { commitFailure, failedStepRow, storeOutput } from './step-commit.ts';
import { withStepTimeout } from './step-timeout.ts';
import { countRestarts, holdSteps, releaseSteps } from './poison.ts';
import { isPaused } from './pause.ts';
import { systemClock, type Clock } from './clock.ts';
import { newId } from './ids.ts';
import { loadRunState } from './run-loader.ts';
import { RetryScheduler } from './retry-scheduler.ts';
import { Leases, type LeaseOptions, type WorkerInfo } from './leases.ts';

export interface EngineOptions {
  runStore: RunStore;
  lookup: NodeLookup;
  /** The published definition of a flow version. */
  loadVersion: (flowId: string, version: number) => FlowDefinition | undefined;
  /** The active version of a flow (sub-flow calls run it); null when none. */
  activeVersion?: (flowId: string) => number | null;
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
}

export interface StartRunRequest {
  plan: FlowPlan;
  triggerNodeId: string;
  event: TriggerEvent;
  /** The body as the JSON bytes received; stored as it is instead of being serialised again. */
  rawBody?: Buffer;
  mode?: 'live' | 'test';
  dedupeKey?: string | null;
  correlationId?: string | null;
  /** A sub-flow run: the run and node of the control.call step that started it. */
  parent?: { runId: string; nodeId: string };
  /** Replaying this earlier run: its connector steps send that run's idempotency keys, so nothing it did happens twice. */
  replayOf?: string;
}

export interface RunOutcome {
  runId: string;
  status: RunStatus;
  response: RunResponse | null;
  error: (WeftErrorShape & { nodeId?: string }) | null;
}

type StepOutcome =
  | { ok: true; port: string; output: unknown; stored?: StoredValue; sentKey?: string | null }
  | { ok: false; error: WeftErrorShape; sentKey?: string | null }
  | { ok: 'wait'; until?: number; approval?: { prompt: string }; child?: string };

/**
 * Executes runs step by step. Every step's result and the successors it makes
 * ready are committed in one (group) transaction before the successors start;
 * after a crash, `start()` rebuilds each unfinished run from its committed
 * steps and carries on. The engine knows node kinds only through descriptors.
 */
export class Engine {
  readonly exprs: ExpressionCache;
  readonly clock: Clock;
  private readonly active = new Map<string, RunState>();
  private readonly plans = new Map<string, FlowPlan>();
  private readonly waiters = new Map<string, ((o: RunOutcome) => void)[]>();
  private readonly finishWaiters = new Map<string, ((o: RunOutcome) => void)[]>();
  private readonly pauseWaiters = new Map<string, ((o: RunOutcome) => void)[]>();
  private readonly committedResponse = new WeakMap<RunState, RunResponse | null>();
  /** Aborts every step in flight at shutdown; each HTTP call listens on it, so it may have many listeners. */
  private readonly abort = new AbortController();
  private readonly scheduler: RetryScheduler;
  private readonly leases: Leases;
  private readonly stepDeps: StepContextDeps;
  /** Run deadline timers (flow setting runTimeoutMs), by run id. */
  private readonly deadlines = new Map<string, unknown>();
  /** Flow settings concurrency and orderingKey: which runs may execute now. */
  private readonly admission = new Admission((rs) => ({
    concurrency: rs.mode === 'live' ? rs.plan.definition.settings?.concurrency : undefined,
    orderKey: rs.orderKey,
  }));
  private readonly cap: number;
  private running = 0;
  private stopping = false;
  private onIdle: (() => void) | null = null;
  /** Counters for metrics and benchmarks. */
  readonly stats = { stepsCommitted: 0, runsStarted: 0, runsFinished: 0 };

  constructor(private readonly o: EngineOptions) {
    setMaxListeners(0, this.abort.signal);
    this.exprs = o.exprs ?? new ExpressionCache();
    this.clock = o.clock ?? systemClock;
    this.cap = o.inlinePayloadCap ?? 1024 * 1024;
    this.scheduler = new RetryScheduler(o.runStore, this.clock, (runId, nodeId) => this.dispatchRetry(runId, nodeId));
    this.leases = new Leases(o.runStore.leases, this.clock, o.logger, o.lease ?? {}, (lost) => {
      this.takeOver(lost).catch((err) => o.logger.error('taking over runs failed', { error: (err as Error).message }));
    });
    this.stepDeps = {
      exprs: this.exprs,
      http: o.http,
      logger: o.logger,
      now: () => this.clock.now(),
      startChild: (parent, nodeId, flowId, input) => this.startChild(parent, nodeId, flowId, input),
      connection:
        o.connection ?? ((id) => Promise.reject(new WeftError(ErrorCodes.config, `connection "${id}" does not exist`))),
    };
  }

  /** The plan of a published version, built once. */
  planFor(flowId: string, version: number): FlowPlan {
    const key = `${flowId}@${version}`;
    let plan = this.plans.get(key);
    if (!plan) {
      const def = this.o.loadVersion(flowId, version);
      if (!def) throw new WeftError(ErrorCodes.notFound, `flow ${flowId} has no version ${version}`);
      plan = buildPlan(def, version, this.o.lookup);
      this.plans.set(key, plan);
    }
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
    this.leases.start();
    for (const row of this.o.runStore.runsWithStatus('compensating'))
      if (this.leases.claim(row.id)) await this.adopt(row);
    for (const row of this.o.runStore.runsWithStatus('running'))
      if (!this.active.has(row.id) && this.leases.claim(row.id)) await this.adopt(row);
    // Sub-flow runs that finished while their caller's process was down hand their result over now.
    for (const rs of [...this.active.values()])
      for (const rec of rs.steps.values())
        if (rec.status === 'waiting' && rec.child) void this.childFinished(rec.child);
    this.scheduler.start();
  }

  /** The workers sharing this database, with their leases and the runs they execute. */
  workers(): WorkerInfo[] {
    return this.leases.workers();
  }

  /** Every lease period: runs of workers that are gone are taken over; runs taken from this one are let go. */
  private async takeOver(lost: boolean): Promise<void> {
    if (this.stopping) return;
    if (lost) for (const rs of [...this.active.values()]) if (!this.leases.owns(rs.id)) this.forget(rs);
    for (const id of this.leases.orphans()) {
      const row = this.o.runStore.run(id);
      if (!row || this.active.has(id) || !this.leases.claim(id)) continue;
      this.o.logger.info('taking over a run whose worker is gone', { runId: id, from: row.owner ?? null });
      await this.adopt(row);
      for (const rec of this.active.get(id)?.steps.values() ?? [])
        if (rec.status === 'waiting' && rec.child) void this.childFinished(rec.child);
    }
    this.scheduler.wake(this.clock.now());
  }

  /** Continues a run this worker has just claimed: compensations go on, test runs end, live runs resume. */
  private async adopt(row: RunRow): Promise<void> {
    if (row.status === 'compensating') {
      try {
        const rs = loadRunState(row, this.o.runStore, (f, v) => this.planFor(f, v));
        rs.status = 'compensating';
        this.active.set(rs.id, rs);
        void this.compensate(rs);
      } catch (err) {
        this.o.logger.error('compensation could not be resumed', { runId: row.id, error: (err as Error).message });
      }
      return;
    }
    if (row.mode === 'test') {
      const err = { code: 'interrupted', message: 'the runtime restarted during this test run', retryable: false };
      await this.o.runStore.committer.write(() =>
        this.o.runStore.finishRun(row.id, 'failed', JSON.stringify(err), row.response, this.clock.now()),
      );
      return;
    }
    try {
      this.resume(await this.recover(row));
    } catch (err) {
      const e = toErrorShape(err);
      this.o.logger.error('run could not be resumed', { runId: row.id, error: e.message });
      await this.o.runStore.committer.write(() =>
        this.o.runStore.finishRun(row.id, 'failed', JSON.stringify(e), row.response, this.clock.now()),
      );
    }
  }

  /** Loads a run left running by a stopped process; a due step past the poison limit fails instead of starting (poison.ts). */
  private async recover(row: RunRow): Promise<RunState> {
    const store = this.o.runStore;
    const load = () => loadRunState(row, store, (f, v) => this.planFor(f, v));
    const limit = this.o.poisonRestarts ?? 3;
    const rs = load();
    const due = rs.failure || limit === 0 ? [] : rs.readyAll();
    if (due.length === 0) return rs;
    const poisoned = await store.committer.write(() => countRestarts(store, row.id, due, limit, this.clock.now()));
    if (poisoned.length)
      this.o.logger.error('poison steps failed instead of being started again', { runId: row.id, nodes: poisoned });
    return poisoned.length ? load() : rs;
  }

  /**
   * Stops taking new steps, waits up to `graceMs` for steps in flight (the others are interrupted and
   * leave no row, so they run again with the same idempotency key), commits what is pending and gives
   * up the lease: another worker, or the next start, takes the unfinished runs over at once.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    this.scheduler.stop();
    if (this.running > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, graceMs);
        this.onIdle = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
    const inFlight = this.running;
    this.abort.abort();
    this.o.runStore.committer.flush();
    this.leases.stop();
    if (this.active.size > 0)
      this.o.logger.info('stopped; unfinished runs released to the next worker', {
        runs: this.active.size,
        stepsInterrupted: inFlight,
        workerId: this.leases.workerId,
      });
  }

  /** Accepts a trigger event durably; returns the new run's id, or the earlier run's id for a duplicate. */
  async startRun(req: StartRunRequest): Promise<{ runId: string; duplicate: boolean }> {
    if (this.stopping) throw new WeftError('shutting_down', 'the runtime is shutting down', { retryable: true });
    const now = this.clock.now();
    const runId = newId('run', now);
    const rs = new RunState(
      runId,
      req.plan,
      req.mode ?? 'live',
      req.triggerNodeId,
      req.event,
      req.correlationId ?? null,
      now,
    );
    if (req.replayOf) rs.keyBase = this.o.runStore.run(req.replayOf)?.replayOf ?? req.replayOf;
    rs.orderKey = await this.orderKeyOf(rs);
    const outcome = await this.execute(rs, req.triggerNodeId, 1);
    const stored = this.settleInMemory(rs, req.triggerNodeId, 1, now, outcome, undefined);
    const store = this.o.runStore;
    const eventText = req.rawBody ? JSON.stringify({ ...req.event, body: null }) : JSON.stringify(req.event);
    const definition = rs.mode === 'test' ? JSON.stringify(req.plan.definition) : null;
    const mayWait = this.admission.mayWait(rs);
    const duplicateOf = await store.committer.write(() => {
      if (req.dedupeKey) {
        const prior = store.claimDedupe(req.plan.flowId, req.dedupeKey, runId, now);
        if (prior) return prior;
      }
      store.insertRun({
        id: runId,
        flowId: req.plan.flowId,
        version: req.plan.version,
        mode: rs.mode,
        status: 'running',
        triggerNode: req.triggerNodeId,
        trigger: eventText,
        triggerBody: req.rawBody ?? null,
        definition,
        correlationId: rs.correlationId,
        dedupeKey: req.dedupeKey ?? null,
        error: null,
        response: null,
        createdAt: now,
        updatedAt: now,
        finishedAt: null,
        replayOf: req.replayOf ?? null,
        parentRunId: req.parent?.runId ?? null,
        parentNodeId: req.parent?.nodeId ?? null,
        owner: this.leases.workerId,
      });
      this.writeStep(rs, stored, mayWait || this.stopping);
      return null;
    });
    if (duplicateOf) return { runId: duplicateOf, duplicate: true };
    this.stats.runsStarted++;
    this.active.set(runId, rs);
    this.armDeadline(rs);
    this.admission.admit(rs, () =>
      mayWait
        ? void this.release(rs, stored.ready).then(() => this.afterCommit(rs, stored))
        : this.afterCommit(rs, stored),
    );
    return { runId, duplicate: false };
  }

  /** Resolves when the run has answered (a respond step) or finished, has paused (pause.ts) or finished, or has finished — as `until` says; null after `timeoutMs`. */
  waitFor(
    runId: string,
    timeoutMs: number,
    until: 'respond' | 'pause' | 'finish' = 'respond',
  ): Promise<RunOutcome | null> {
    const rs = this.active.get(runId);
    if (!rs) {
      const row = this.o.runStore.run(runId);
      if (!row) return Promise.resolve(null);
      return Promise.resolve({
        runId,
        status: row.status as RunStatus,
        response: row.response ? JSON.parse(row.response) : null,
        error: row.error ? JSON.parse(row.error) : null,
      });
    }
    const committed = this.committedResponse.get(rs);
    if ((committed && until === 'respond') || (until === 'pause' && isPaused(rs, this.clock.now())))
      return Promise.resolve(this.outcomeOf(rs));
    const list = until === 'respond' ? this.waiters : until === 'pause' ? this.pauseWaiters : this.finishWaiters;
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        const waiting = list.get(runId);
        if (waiting) waiting.splice(waiting.indexOf(done), 1);
        resolve(null);
      }, timeoutMs);
      const done = (o: RunOutcome) => {
        clearTimeout(t);
        resolve(o);
      };
      const waiting = list.get(runId) ?? [];
      waiting.push(done);
      list.set(runId, waiting);
    });
  }

  /** Puts a failed run's failed steps back in line with a fresh attempt budget. */
  async retryFailed(runId: string, input?: { nodeId: string; value: unknown }, note?: string): Promise<void> {
    const store = this.o.runStore;
    const row = store.run(runId);
    if (!row) throw new WeftError(ErrorCodes.notFound, `run ${runId} not found`);
    if (row.status !== 'failed')
      throw new WeftError(ErrorCodes.conflict, `run ${runId} is ${row.status}; only failed runs can be retried`);
    if (row.mode === 'test')
      throw new WeftError(ErrorCodes.conflict, 'test runs cannot be retried; start a new test run');
    this.leases.claimOrThrow(runId);
    const failed = store.steps(runId).filter((s) => s.status === 'failed');
    const now = this.clock.now();
    await store.committer.write(() => {
      store.reopenRun(runId, now);
      store.addAction(
        runId,
        now,
        'retry',
        note ?? null,
        input ? { nodeId: input.nodeId, input: input.value } : undefined,
      );
      for (const s of failed) {
        const override = input && input.nodeId === s.nodeId ? JSON.stringify(input.value) : s.input;
        store.upsertStep({
          ...s,
          status: 'retrying',
          attempts: 0,
          input: override,
          nextAttemptAt: now,
          finishedAt: null,
        });
      }
    });
    const rs = loadRunState(store.run(runId)!, store, (f, v) => this.planFor(f, v));
    rs.deadlineBase = now;
    this.resume(rs);
    this.scheduler.wake(now);
  }

  /**
   * Stops a running run (also one waiting for a retry): no further step starts, steps waiting for a
   * retry fail with the reason, and a step in flight finishes but leads nowhere. Recorded as an action.
   */
  async cancel(runId: string, reason: string): Promise<void> {
    const store = this.o.runStore;
    const row = store.run(runId);
    if (!row) throw new WeftError(ErrorCodes.notFound, `run ${runId} not found`);
    if (row.status !== 'running' && row.status !== 'waiting_approval')
      throw new WeftError(
        ErrorCodes.conflict,
        `run ${runId} is ${row.status}; only running or waiting runs can be cancelled`,
      );
    const error = { code: 'cancelled', message: `cancelled by an operator: ${reason}`, retryable: false };
    const rs = this.active.get(runId);
    if (rs) return this.terminate(rs, 'cancelled', error, { note: reason });
    this.leases.claimOrThrow(runId);
    const now = this.clock.now();
    await store.committer.write(() => {
      store.failRetryingSteps(runId, JSON.stringify(error), now);
      store.finishRun(runId, 'cancelled', JSON.stringify(error), row.response, now);
      store.addAction(runId, now, 'cancel', reason, undefined);
    });
  }

  /**
   * An operator's decision on a run waiting for approval: the approval step leaves by "approved" or
   * "rejected" with its input, and the run goes on. Works after restarts (the wait is in the store).
   */
  async decide(runId: string, decision: 'approve' | 'reject', comment: string | undefined): Promise<void> {
    const store = this.o.runStore;
    const row = store.run(runId);
    if (!row) throw new WeftError(ErrorCodes.notFound, `run ${runId} not found`);
    if (row.status !== 'waiting_approval')
      throw new WeftError(
        ErrorCodes.conflict,
        `run ${runId} is ${row.status}; only a run waiting for approval can be approved or rejected`,
      );
    this.leases.claimOrThrow(runId);
    const rs = this.active.get(runId) ?? loadRunState(row, store, (f, v) => this.planFor(f, v));
    const nodeId = [...rs.steps].find(([, rec]) => rec.status === 'waiting' && rec.approval)?.[0];
    if (!nodeId) throw new WeftError(ErrorCodes.conflict, `run ${runId} has no step waiting for approval`);
    const now = this.clock.now();
    await store.committer.write(() => {
      store.setStatus(runId, 'running', now);
      store.addAction(runId, now, decision, comment ?? null, { nodeId });
    });
    if (!this.active.has(runId)) this.resume(rs);
    rs.inFlight.add(nodeId);
    await this.runStep(rs, nodeId, {
      ok: true,
      port: decision === 'approve' ? 'approved' : 'rejected',
      output: rs.inputOf(nodeId),
    });
  }

  /**
   * Undoes a failed run's successful calls that declare a compensating call, latest first, each with
   * its own retries; every attempt is committed as a step row "<node>~compensate". The run ends
   * compensated, or failed with compensation_failed when one cannot be undone. After a restart the
   * compensations already done are skipped; the others are tried again with the same idempotency keys.
   */
  private async compensate(rs: RunState): Promise<void> {
    const outcome = await runCompensations(
      {
        store: this.o.runStore,
        clock: this.clock,
        exprs: this.exprs,
        stepDeps: this.stepDeps,
        signal: this.abort.signal,
        random: this.o.random,
        stopping: () => this.stopping,
      },
      rs,
    );
    if (outcome === 'stopped') return;
    const failure = outcome;
    const store = this.o.runStore;
    const now = this.clock.now();
    const status = failure ? 'failed' : 'compensated';
    const error = failure ? { ...failure, details: { runError: rs.failure } } : rs.failure;
    await store.committer.write(() =>
      store.finishRun(rs.id, status, JSON.stringify(error), rs.response ? JSON.stringify(rs.response) : null, now),
    );
    rs.status = status;
    this.retire(rs);
  }

  /** Starts a sub-flow run for a control.call step: the callee's active version, from its manual trigger. */
  private async startChild(parent: RunState, nodeId: string, flowId: string, input: unknown): Promise<string> {
    const version = this.o.activeVersion?.(flowId) ?? null;
    if (version === null)
      throw new WeftError(ErrorCodes.conflict, `flow "${flowId}" has no active version to call`, { retryable: false });
    const plan = this.planFor(flowId, version);
    const trigger = [...plan.nodes.values()].find((pn) => pn.descriptor.trigger === 'manual');
    if (!trigger)
      throw new WeftError(ErrorCodes.config, `flow "${flowId}" has no manual trigger, so it cannot be called`, {
        retryable: false,
      });
    const started = await this.startRun({
      plan,
      triggerNodeId: trigger.node.id,
      event: { body: input },
      correlationId: parent.correlationId,
      parent: { runId: parent.id, nodeId },
    });
    return started.runId;
  }

  /**
   * A run finished: when a control.call step waits for it, that step goes on with the child's result
   * (its response body when it set one, else the output of its last step), or fails when the child did not succeed.
   */
  private async childFinished(childId: string): Promise<void> {
    const store = this.o.runStore;
    const child = store.run(childId);
    if (
      !child?.parentRunId ||
      !child.parentNodeId ||
      ['running', 'waiting_approval', 'compensating'].includes(child.status)
    )
      return;
    const parentRow = store.run(child.parentRunId);
    if (!parentRow || parentRow.status !== 'running') return;
    const rs = this.active.get(parentRow.id);
    if (!rs) return;
    const step = rs.steps.get(child.parentNodeId);
    if (!step || step.status !== 'waiting' || step.child !== childId || rs.inFlight.has(child.parentNodeId)) return;
    let outcome: StepOutcome;
    if (child.status === 'succeeded') {
      outcome = {
        ok: true,
        port: 'out',
        output: { runId: childId, status: child.status, result: this.resultOf(child) },
      };
    } else {
      const e = child.error ? (JSON.parse(child.error) as WeftErrorShape) : null;
      outcome = {
        ok: false,
        error: {
          code: 'sub_flow_failed',
          message: `sub-flow run ${childId} of "${child.flowId}" ended ${child.status}${e ? `: ${e.message}` : ''}`,
          retryable: false,
          details: { runId: childId, error: e },
        },
      };
    }
    rs.inFlight.add(child.parentNodeId);
    await this.runStep(rs, child.parentNodeId, outcome);
  }

  /** What a finished run hands back: the body it responded with, or the output of its last step (in flow order). */
  private resultOf(row: RunRow): unknown {
    const response = row.response ? (JSON.parse(row.response) as { body?: unknown }) : null;
    if (response && response.body !== undefined) return response.body;
    const rs = loadRunState(row, this.o.runStore, (f, v) => this.planFor(f, v));
    const last = [...rs.plan.order]
      .reverse()
      .find((id) => rs.steps.get(id)?.status === 'succeeded' && id !== rs.triggerNodeId);
    return last === undefined ? null : rs.outputs[last];
  }

  /** The run's ordering key from the flow's orderingKey expression over the trigger body; null when unset or empty. */
  private async orderKeyOf(rs: RunState): Promise<string | null> {
    const source = rs.mode === 'live' ? rs.plan.definition.settings?.orderingKey : undefined;
    if (!source) return null;
    try {
      const v = await this.exprs.evaluate(stripLeadingEquals(source), rs.event.body, bindingsOf(rs));
      return v === null || v === undefined || v === '' ? null : typeof v === 'string' ? v : JSON.stringify(v);
    } catch (err) {
      this.o.logger.warn('ordering key could not be computed; the run is not ordered', {
        runId: rs.id,
        error: (err as Error).message,
      });
      return null;
    }
  }

  /** Arms the flow's runTimeoutMs for a run that is executing (again). */
  private armDeadline(rs: RunState): void {
    const limit = rs.mode === 'live' ? rs.plan.definition.settings?.runTimeoutMs : undefined;
    if (!limit || this.deadlines.has(rs.id)) return;
    const at = (rs.deadlineBase ?? rs.createdAt) + limit;
    this.deadlines.set(
      rs.id,
      this.clock.setTimer(() => void this.expire(rs), Math.max(0, at - this.clock.now())),
    );
  }

  private disarmDeadline(rs: RunState): void {
    const t = this.deadlines.get(rs.id);
    if (t !== undefined) this.clock.clearTimer(t);
    this.deadlines.delete(rs.id);
  }

  /** The run is past its deadline: it ends timed_out; steps in flight finish but lead nowhere. */
  private async expire(rs: RunState): Promise<void> {
    this.deadlines.delete(rs.id);
    if (this.active.get(rs.id) !== rs || rs.status !== 'running') return;
    const limit = rs.plan.definition.settings?.runTimeoutMs ?? 0;
    await this.terminate(rs, 'timed_out', {
      code: ErrorCodes.runTimeout,
      message: `the run took longer than its flow's ${limit} ms limit`,
      retryable: false,
    });
  }

  /** Ends a running run as cancelled, timed out or failed: waiting steps fail with the error, nothing new starts. */
  private async terminate(
    rs: RunState,
    status: 'cancelled' | 'timed_out' | 'failed',
    error: WeftErrorShape,
    action?: { note: string },
    step?: NewStep,
  ): Promise<void> {
    const store = this.o.runStore;
    const now = this.clock.now();
    rs.status = status;
    await store.committer.write(() => {
      if (step) store.upsertStep(step);
      store.failRetryingSteps(rs.id, JSON.stringify(error), now);
      store.finishRun(
        rs.id,
        status,
        JSON.stringify(error),
        rs.response ? JSON.stringify(rs.response) : (store.run(rs.id)?.response ?? null),
        now,
      );
      if (action) store.addAction(rs.id, now, 'cancel', action.note, undefined);
    });
    for (const [nodeId, rec] of rs.steps)
      if (rec.status === 'retrying') rs.steps.set(nodeId, { ...rec, status: 'failed', error, nextAttemptAt: null });
    this.retire(rs);
  }

  /** Runs of a flow waiting for their turn (concurrency or ordering key). */
  waitingRuns(flowId: string): number {
    return this.admission.waiting(flowId);
  }

  isActive(runId: string): boolean {
    return this.active.has(runId);
  }

  // --- internals ---

  /** A step's result did not reach the store: the step and its run fail with the reason, so the run cannot stay running. */
  private async failUncommitted(
    rs: RunState,
    nodeId: string,
    attempt: number,
    startedAt: number,
    err: unknown,
  ): Promise<void> {
    const error = { ...commitFailure(nodeId, err), nodeId };
    this.o.logger.error('step could not be committed; its run fails', { runId: rs.id, nodeId, error: error.message });
    rs.failure = error;
    await this.terminate(
      rs,
      'failed',
      error,
      undefined,
      failedStepRow(rs.id, nodeId, attempt, startedAt, error, this.clock.now()),
    ).catch((e: Error) => {
      this.o.logger.error('failed run could not be recorded; it resumes at the next start', {
        runId: rs.id,
        error: e.message,
      });
      this.retire(rs);
    });
  }

  private resume(rs: RunState): void {
    this.active.set(rs.id, rs);
    this.committedResponse.set(rs, rs.response);
    this.armDeadline(rs);
    this.admission.admit(rs, () => void this.continueRun(rs));
  }

  /** Starts whatever of a loaded run can run now (after its admission). */
  private async continueRun(rs: RunState): Promise<void> {
    const ready = rs.failure ? [] : rs.readyAll();
    for (const id of ready) rs.inFlight.add(id);
    if (ready.length === 0 && rs.isSettled()) return this.finish(rs);
    if (ready.length) await this.release(rs, ready);
    for (const id of ready) void this.runStep(rs, id);
  }

  /** Held steps (poison.ts) are about to start: from now on a restart counts against them. Not while stopping: they do not start then. */
  private release(rs: RunState, ids: string[]): Promise<void> {
    const store = this.o.runStore;
    return store.committer
      .write(() => (this.stopping ? undefined : releaseSteps(store, rs.id, ids)))
      .catch((err: Error) =>
        this.o.logger.error('steps could not be marked as started', { runId: rs.id, error: err.message }),
      );
  }

  private dispatchRetry(runId: string, nodeId: string): void {
    if (this.stopping) return;
    const rs = this.active.get(runId);
    const step = rs?.steps.get(nodeId);
    if (
      !rs ||
      rs.inFlight.has(nodeId) ||
      !step ||
      !(step.status === 'retrying' || (step.status === 'waiting' && !step.approval))
    )
      return;
    rs.inFlight.add(nodeId);
    void this.runStep(rs, nodeId);
  }

  private async runStep(rs: RunState, nodeId: string, forced?: StepOutcome): Promise<void> {
    if (this.stopping) {
      rs.inFlight.delete(nodeId);
      return;
    }
    this.running++;
    const prev = rs.steps.get(nodeId);
    const attempt = prev?.status === 'waiting' ? prev.attempts : (prev?.attempts ?? 0) + 1;
    const startedAt = this.clock.now();
    let committed = false;
    try {
      // A delay that has come due passes its input on; an operator's decision arrives as `forced`.
      const outcome =
        forced ??
        (prev?.status === 'waiting'
          ? { ok: true as const, port: 'out', output: rs.inputOf(nodeId) }
          : await this.execute(rs, nodeId, attempt));
      if (rs.released || (this.stopping && !outcome.ok && outcome.error.code === ErrorCodes.aborted)) {
        // Interrupted by shutdown, or taken over: leave no row, so the worker that runs it next calls with the same key.
        rs.inFlight.delete(nodeId);
        return;
      }
      const stored = this.settleInMemory(rs, nodeId, attempt, startedAt, outcome, prev);
      await this.o.runStore.committer.write(() => this.writeStep(rs, stored));
      committed = true;
      this.afterCommit(rs, stored);
    } catch (err) {
      if (committed)
        this.o.logger.error('run could not go on after a step', {
          runId: rs.id,
          nodeId,
          error: (err as Error).message,
        });
      else await this.failUncommitted(rs, nodeId, attempt, startedAt, err);
    } finally {
      this.running--;
      if (this.running === 0 && this.onIdle) this.onIdle();
    }
  }

  private async execute(rs: RunState, nodeId: string, attempt: number): Promise<StepOutcome> {
    const pn = rs.plan.nodes.get(nodeId)!;
    let ctx: ReturnType<typeof createStepContext> | undefined;
    const contextFor = (signal: AbortSignal) => (ctx = createStepContext(this.stepDeps, rs, nodeId, attempt, signal));
    try {
      const input = rs.inputOf(nodeId);
      const config = await resolveConfig(pn.config, input, this.exprs, bindingsOf(rs));
      const result =
        pn.stepTimeoutMs === null
          ? await pn.descriptor.execute(contextFor(this.abort.signal), input, config)
          : await withStepTimeout(this.clock, this.abort.signal, pn.stepTimeoutMs, nodeId, (signal) =>
              pn.descriptor.execute(contextFor(signal), input, config),
            );
      if (isWaiting(result)) return { ok: 'wait', until: result.until, approval: result.approval, child: result.child };
      if (isRouted(result) && !pn.ports.outputs.includes(result.port))
        throw new WeftError(ErrorCodes.config, `node "${nodeId}" chose port "${result.port}", which it does not have`);
      const [port, output] = isRouted(result)
        ? [result.port, result.output]
        : ['out', result === undefined ? null : result];
      // Serialised here, so an output that cannot be stored fails the step like any other error.
      return { ok: true, port, output, stored: storeOutput(rs, output, nodeId, this.cap), sentKey: ctx?.sent };
    } catch (err) {
      return { ok: false, error: toErrorShape(err), sentKey: ctx?.sent };
    }
  }

  /** Applies a step's outcome to the run in memory and decides what follows; returns what to write. */
  private settleInMemory(
    rs: RunState,
    nodeId: string,
    attempt: number,
    startedAt: number,
    outcome: StepOutcome,
    prev: StepRecord | undefined,
  ): SettledStep {
    const now = this.clock.now();
    const pn = rs.plan.nodes.get(nodeId)!;
    rs.inFlight.delete(nodeId);
    const attemptErrors = prev?.attemptErrors ?? [];
    let rec: StepRecord;
    let output: StoredValue | null = null;
    let ready: string[] = [];
    if (outcome.ok === 'wait') {
      const waitingFor = outcome.approval
        ? { approval: outcome.approval }
        : outcome.child
          ? { child: outcome.child }
          : { until: outcome.until };
      const untilTime = outcome.approval || outcome.child ? null : (outcome.until ?? now);
      rec = {
        status: 'waiting',
        port: null,
        attempts: attempt,
        attemptErrors,
        error: null,
        nextAttemptAt: untilTime,
        inputOverride: prev?.inputOverride,
        approval: outcome.approval,
        child: outcome.child,
      };
      output = storeValue(rs, waitingFor, nodeId, this.cap);
      rs.steps.set(nodeId, rec);
    } else if (outcome.ok) {
      rec = {
        status: 'succeeded',
        port: outcome.port,
        attempts: attempt,
        attemptErrors,
        error: null,
        nextAttemptAt: null,
        inputOverride: prev?.inputOverride,
      };
      rs.outputs[nodeId] = outcome.output;
      output = outcome.stored ?? storeValue(rs, outcome.output, nodeId, this.cap);
      rs.steps.set(nodeId, rec);
      if (!rs.failure) ready = rs.readyAfter(nodeId);
      for (const id of ready) rs.inFlight.add(id);
    } else {
      const e = outcome.error;
      const again = e.retryable && attempt < pn.retry.maxAttempts;
      if (e.code === ErrorCodes.circuitOpen) {
        // Held, not failed: the attempt is given back and the step waits until the circuit may be tried again.
        rec = {
          status: 'retrying',
          port: null,
          attempts: attempt - 1,
          attemptErrors,
          error: e,
          nextAttemptAt: now + Math.max(e.retryAfterMs ?? 1000, 1),
          inputOverride: prev?.inputOverride,
        };
      } else if (again) {
        const delay = Math.min(
          Math.max(backoffDelay(pn.retry, attempt + 1, this.o.random), e.retryAfterMs ?? 0),
          3_600_000,
        );
        rec = {
          status: 'retrying',
          port: null,
          attempts: attempt,
          attemptErrors: [...attemptErrors, e],
          error: e,
          nextAttemptAt: now + delay,
          inputOverride: prev?.inputOverride,
        };
      } else if (pn.routeErrors) {
        // The flow handles the failure: the step succeeds on its "error" port with the error and the input it had.
        const routed = { error: e, input: rs.inputOf(nodeId) };
        rec = {
          status: 'succeeded',
          port: ERROR_PORT,
          attempts: attempt,
          attemptErrors,
          error: e,
          nextAttemptAt: null,
          inputOverride: prev?.inputOverride,
        };
        rs.outputs[nodeId] = routed;
        output = storeValue(rs, routed, nodeId, this.cap);
        rs.steps.set(nodeId, rec);
        if (!rs.failure) ready = rs.readyAfter(nodeId);
        for (const id of ready) rs.inFlight.add(id);
      } else {
        rec = {
          status: 'failed',
          port: null,
          attempts: attempt,
          attemptErrors,
          error: e,
          nextAttemptAt: null,
          inputOverride: prev?.inputOverride,
        };
        rs.failure ??= { ...e, nodeId };
      }
      if (rec.status !== 'succeeded') rs.steps.set(nodeId, rec);
    }
    const input = rs.inputNeedsStoring(nodeId) ? storeValue(rs, rs.inputOf(nodeId), nodeId, this.cap) : null;
    const finishing = rs.status === 'running' && ready.length === 0 && rs.isSettled();
    return {
      nodeId,
      rec,
      output,
      input,
      ready,
      finishing,
      startedAt,
      finishedAt: now,
      sentKey: outcome.ok === 'wait' ? null : (outcome.sentKey ?? null),
    };
  }

  /** `hold`: the steps made ready are not started right after this commit (poison.ts). */
  private writeStep(rs: RunState, s: SettledStep, hold = this.stopping): void {
    const store = this.o.runStore;
    if (hold) holdSteps(store, rs.id, s.ready);
    // A step that was in flight when its run was stopped is recorded, but does not wait for a retry.
    const giveUp = rs.stopped && s.rec.status === 'retrying';
    const row: StepRow = {
      runId: rs.id,
      nodeId: s.nodeId,
      status: giveUp ? 'failed' : s.rec.status,
      port: s.rec.port,
      attempts: s.rec.attempts,
      input: s.input?.text ?? null,
      output: s.output?.text ?? null,
      error: s.rec.error ? JSON.stringify(s.rec.error) : null,
      attemptErrors: s.rec.attemptErrors.length ? JSON.stringify(s.rec.attemptErrors) : null,
      startedAt: s.startedAt,
      finishedAt: s.rec.status === 'retrying' && !giveUp ? null : s.finishedAt,
      nextAttemptAt: giveUp ? null : s.rec.nextAttemptAt,
      sentKey: s.sentKey,
    };
    if (s.output?.payload) store.insertPayload(rs.id, s.output.payload.hash, s.output.payload.data);
    if (s.input?.payload) store.insertPayload(rs.id, s.input.payload.hash, s.input.payload.data);
    store.upsertStep(row);
    const response = rs.response ? JSON.stringify(rs.response) : null;
    if (rs.stopped) return;
    if (s.rec.status === 'waiting' && s.rec.approval) store.setStatus(rs.id, 'waiting_approval', s.finishedAt);
    if (s.finishing && rs.failure && compensates(rs) && toCompensate(rs).length > 0) {
      rs.status = 'compensating';
      store.finishRun(rs.id, 'compensating', JSON.stringify(rs.failure), response, s.finishedAt);
    } else if (s.finishing) {
      const status = rs.failure ? 'failed' : 'succeeded';
      store.finishRun(rs.id, status, rs.failure ? JSON.stringify(rs.failure) : null, response, s.finishedAt);
    } else if (rs.response !== this.committedResponse.get(rs) && response) {
      store.setResponse(rs.id, response, s.finishedAt);
    }
  }

  private afterCommit(rs: RunState, s: SettledStep): void {
    this.stats.stepsCommitted++;
    const responded = rs.response !== null && rs.response !== this.committedResponse.get(rs);
    this.committedResponse.set(rs, rs.response);
    if (rs.stopped) return;
    if (rs.status === 'compensating') {
      void this.compensate(rs);
      return;
    }
    if (s.rec.status === 'retrying' || (s.rec.status === 'waiting' && s.rec.nextAttemptAt !== null))
      this.scheduler.wake(s.rec.nextAttemptAt!);
    if (s.finishing) {
      this.completeInMemory(rs);
      return;
    }
    if (responded) this.notify(rs);
    if (this.pauseWaiters.has(rs.id) && isPaused(rs, this.clock.now())) this.notify(rs, this.pauseWaiters);
    for (const id of s.ready) void this.runStep(rs, id);
  }

  /** A run whose last step was committed earlier (loaded after a crash) but not marked finished. */
  private async finish(rs: RunState): Promise<void> {
    const now = this.clock.now();
    const status = rs.failure ? 'failed' : 'succeeded';
    const response = rs.response ? JSON.stringify(rs.response) : null;
    await this.o.runStore.committer
      .write(() =>
        this.o.runStore.finishRun(rs.id, status, rs.failure ? JSON.stringify(rs.failure) : null, response, now),
      )
      .catch((e: Error) =>
        this.o.logger.error('finished run could not be recorded; it is finished again at the next start', {
          runId: rs.id,
          error: e.message,
        }),
      );
    this.completeInMemory(rs);
  }

  private completeInMemory(rs: RunState): void {
    rs.status = rs.failure ? 'failed' : 'succeeded';
    this.retire(rs);
  }

  /** A run has ended (any way): it leaves memory, frees its slot and key, and its waiters and caller hear of it. */
  private retire(rs: RunState): void {
    this.disarmDeadline(rs);
    this.active.delete(rs.id);
    this.admission.release(rs);
    this.stats.runsFinished++;
    this.notify(rs, this.waiters);
    this.notify(rs, this.finishWaiters);
    this.notify(rs, this.pauseWaiters);
    void this.childFinished(rs.id);
  }

  /** Lets go of a run another worker has taken over: it leaves memory without a word to its waiters. */
  private forget(rs: RunState): void {
    rs.released = true;
    this.disarmDeadline(rs);
    this.active.delete(rs.id);
    this.admission.release(rs);
    this.o.logger.warn('another worker took this run over', { runId: rs.id });
  }

  private notify(rs: RunState, waiters = this.waiters): void {
    const list = waiters.get(rs.id);
    if (!list) return;
    waiters.delete(rs.id);
    const o = this.outcomeOf(rs);
    for (const w of list) w(o);
  }

  private outcomeOf(rs: RunState): RunOutcome {
    return { runId: rs.id, status: rs.status, response: rs.response, error: rs.failure };
  }
}

interface SettledStep {
  nodeId: string;
  rec: StepRecord;
  output: StoredValue | null;
  input: StoredValue | null;
  ready: string[];
  finishing: boolean;
  startedAt: number;
  finishedAt: number;
  /** The Idempotency-Key the attempt sent downstream, if any. */
  sentKey: string | null;
}
