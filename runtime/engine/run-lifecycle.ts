import { ErrorCodes, WeftError, type WeftErrorShape } from '../../shared/errors.ts';
import { type NewStep, type RunRow, RunTakenOver } from '../store/run-store.ts';
import { unavailableFailure, type StoreFailure } from '../store/store-failure.ts';
import { runCompensations } from './compensation.ts';
import type { EngineCore, InWrite } from './engine-core.ts';
import type { RunState } from './run-state.ts';
import { runLogFields } from './log-fields.ts';
import { forgetLoops } from './loops.ts';

/** How a run joins, leaves and ends on this worker: resumed, finished, retired, let go, terminated, compensated. */

/** Makes a loaded run executing on this worker: it starts what can run once admitted. */
export function resume(core: EngineCore, rs: RunState): void {
  core.active.set(rs.id, rs);
  core.waiters.commitResponse(rs);
  core.deadlines.arm(rs);
  core.admission.admit(rs, () => void continueRun(core, rs));
}

/** Starts whatever of a loaded run can run now (after its admission). */
async function continueRun(core: EngineCore, rs: RunState): Promise<void> {
  const ready = rs.failure ? [] : rs.readyAll();
  for (const id of ready) rs.inFlight.add(id);
  if (ready.length === 0 && rs.isSettled()) return finish(core, rs);
  if (ready.length) await releaseHeld(core, rs, ready);
  for (const id of ready) void core.runStep(rs, id);
}

/** Held steps (poison.ts) are about to start: from now on a restart counts against them. Not while stopping: they do not start then. */
export function releaseHeld(core: EngineCore, rs: RunState, ids: string[]): Promise<void> {
  return core.store
    .write(async (tx) => {
      if (!core.stopping) await tx.runs.releaseSteps(rs.id, ids);
    })
    .catch((err: Error) =>
      core.logger.error('steps could not be marked as started', { ...runLogFields(rs), error: err.message }),
    );
}

/** A run whose last step was committed earlier (loaded after a crash) but not marked finished. */
async function finish(core: EngineCore, rs: RunState): Promise<void> {
  const now = core.clock.now();
  const status = rs.failure ? 'failed' : 'succeeded';
  const response = rs.response ? JSON.stringify(rs.response) : null;
  try {
    await core.store.write(async (tx) => {
      await tx.runs.fence(rs.id, core.leases.workerId);
      await tx.runs.finishRun(rs.id, status, rs.failure ? JSON.stringify(rs.failure) : null, response, now);
    });
  } catch (e) {
    letGo(core, rs, e, 'finished run could not be recorded');
    return;
  }
  complete(core, rs);
}

/** The run's last step is committed: it ends succeeded, or failed when a step failed. */
export function complete(core: EngineCore, rs: RunState): void {
  rs.status = rs.failure ? 'failed' : 'succeeded';
  retire(core, rs);
}

/** A run has ended (any way): it leaves memory, frees its slot and key, and its waiters and caller hear of it. */
export function retire(core: EngineCore, rs: RunState): void {
  forgetLoops(core, rs);
  core.deadlines.disarm(rs);
  core.active.delete(rs.id);
  core.admission.release(rs);
  core.stats.runsFinished++;
  // A loop's body run is part of its run, which is counted when it ends.
  if (rs.plan.loopId === null)
    core.observer?.runEnded({
      runId: rs.id,
      flowId: rs.plan.flowId,
      mode: rs.mode,
      status: rs.status,
      errorCode: rs.failure?.code ?? null,
    });
  core.tracer?.runEnded(rs);
  core.waiters.ended(rs);
  if (rs.parentRunId !== null) void core.childFinished(rs.id);
}

/**
 * The end of a run could not be written: this worker lets it go as it is in the store (nothing more of
 * it is written here, steps in flight leave no row), and the next start resumes it from its committed rows.
 */
export function abandon(core: EngineCore, rs: RunState): void {
  rs.released = true;
  forgetLoops(core, rs);
  core.deadlines.disarm(rs);
  core.active.delete(rs.id);
  core.admission.release(rs);
  core.waiters.ended(rs);
}

/**
 * The store could not be used when a write of the run was to be committed (unreachable, connections cut,
 * read-only, full): that write is not the run's fault. This worker lets the run go as it is in the store
 * (the step in flight leaves no row) but keeps its admission and its waiters, and picks it up again from
 * its committed rows at the next lease renewal, which says the store writes again (run-recovery.ts);
 * should its lease run out first, another worker takes the run over.
 */
export function park(core: EngineCore, rs: RunState, failure: StoreFailure): void {
  rs.released = true;
  core.deadlines.disarm(rs);
  core.active.delete(rs.id);
  core.parked.set(rs.id, rs);
  core.logger.warn('the store cannot be used; the run goes on from its last committed step once it can', {
    runId: rs.id,
    code: failure.code,
    error: failure.message,
  });
}

/**
 * A write of the run (`what`) was not committed: the run is let go as another worker's when it took the
 * run over (forget), waits for the store when it could not be used (park), and is otherwise let go until
 * the next start (abandon).
 */
export function letGo(core: EngineCore, rs: RunState, err: unknown, what: string): void {
  if (err instanceof RunTakenOver) {
    if (!rs.released) forget(core, rs);
    return;
  }
  const failure = unavailableFailure(err);
  if (failure) {
    park(core, rs, failure);
    return;
  }
  core.logger.error(`${what}; it resumes at the next start`, { ...runLogFields(rs), error: (err as Error).message });
  abandon(core, rs);
}

/** True when a run's row (its status) has ended or is being compensated; read inside a write, it is that write's. */
export function hasEnded(status: RunRow['status'] | undefined): boolean {
  return status !== 'running' && status !== 'waiting_approval';
}

/** Lets go of a run another worker has taken over: it leaves memory without a word to its waiters. */
export function forget(core: EngineCore, rs: RunState): void {
  rs.released = true;
  forgetLoops(core, rs);
  core.deadlines.disarm(rs);
  core.active.delete(rs.id);
  core.admission.release(rs);
  core.logger.warn('another worker took this run over', runLogFields(rs));
}

/**
 * Ends a running run as cancelled, timed out or failed: waiting steps fail with the error, nothing new
 * starts. The run in memory ends only once that is committed; until then what its steps would start
 * waits (afterEnd), and goes on if the write fails (then the error is thrown). A run whose row ended
 * first (its last step was committed before) keeps that end; an operator's cancellation then fails.
 */
export async function terminate(
  core: EngineCore,
  rs: RunState,
  status: 'cancelled' | 'timed_out' | 'failed',
  error: WeftErrorShape & { nodeId?: string },
  /** An operator's cancellation: recorded as an action, and audited in the same write when `audit` is given. */
  action?: { note: string; audit?: InWrite },
  step?: NewStep,
): Promise<void> {
  // One end at a time: a later one waits for the earlier, and has nothing to do once that ended the run.
  while (rs.ending !== null && rs.endWrite) await rs.endWrite.catch(() => undefined);
  if (core.active.get(rs.id) !== rs || rs.stopped) {
    if (action) throw new WeftError(ErrorCodes.conflict, `run ${rs.id} ended before it could be cancelled`);
    return;
  }
  const now = core.clock.now();
  rs.ending = status;
  const response = rs.response ? JSON.stringify(rs.response) : null;
  const write = core.store.write(async (tx) => {
    const row = await tx.runs.run(rs.id);
    if (hasEnded(row?.status)) return false;
    await tx.runs.fence(rs.id, core.leases.workerId);
    if (step) await tx.runs.upsertStep(step);
    await tx.runs.failRetryingSteps(rs.id, JSON.stringify(error), now);
    await tx.runs.finishRun(rs.id, status, JSON.stringify(error), response ?? row?.response ?? null, now);
    if (action) {
      await tx.runs.addAction(rs.id, now, 'cancel', action.note, undefined);
      await action.audit?.(tx);
    }
    return true;
  });
  rs.endWrite = write;
  let ended: boolean;
  try {
    ended = await write;
  } catch (err) {
    if (err instanceof RunTakenOver) forget(core, rs);
    else goOn(core, rs);
    throw err;
  }
  if (!ended) {
    goOn(core, rs);
    if (action) throw new WeftError(ErrorCodes.conflict, `run ${rs.id} ended before it could be cancelled`);
    return;
  }
  rs.ending = null;
  rs.endWrite = null;
  rs.afterEnd.length = 0;
  rs.status = status;
  if (status === 'failed' && error.nodeId !== undefined) rs.failure = { ...error, nodeId: error.nodeId };
  for (const [nodeId, rec] of rs.steps)
    if (rec.status === 'retrying') rs.steps.set(nodeId, { ...rec, status: 'failed', error, nextAttemptAt: null });
  retire(core, rs);
}

/** The run's end was not written: it goes on as it was, with what its steps committed meanwhile would have started. */
function goOn(core: EngineCore, rs: RunState): void {
  rs.ending = null;
  rs.endWrite = null;
  for (const next of rs.afterEnd.splice(0)) next();
  // Retries that came due meanwhile were not started, and a sub-flow run that ended was not handed over.
  core.scheduler.wake(core.clock.now());
  for (const [nodeId, rec] of rs.steps) {
    if (rec.status === 'waiting' && rec.child) void core.childFinished(rec.child);
    if (rec.status === 'waiting' && rec.loop) core.driveLoop(rs, nodeId, false);
  }
}

/** The run is past its deadline (flow setting runTimeoutMs): it ends timed_out; steps in flight finish but lead nowhere. */
export async function expire(core: EngineCore, rs: RunState): Promise<void> {
  if (core.active.get(rs.id) !== rs || rs.status !== 'running') return;
  const limit = rs.plan.definition.settings?.runTimeoutMs ?? 0;
  await terminate(core, rs, 'timed_out', {
    code: ErrorCodes.runTimeout,
    message: `the run took longer than its flow's ${limit} ms limit`,
    retryable: false,
  }).catch((e: unknown) => letGo(core, rs, e, 'timed-out run could not be recorded'));
}

/**
 * Undoes a failed run's successful calls that declare a compensating call, latest first, each with
 * its own retries; every attempt is committed as a step row "<node>~compensate". The run ends
 * compensated, or failed with compensation_failed when one cannot be undone. After a restart the
 * compensations already done are skipped; the others are tried again with the same idempotency keys.
 */
export async function compensate(core: EngineCore, rs: RunState): Promise<void> {
  try {
    await undo(core, rs);
  } catch (e) {
    letGo(core, rs, e, 'compensation could not be recorded');
  }
}

async function undo(core: EngineCore, rs: RunState): Promise<void> {
  const outcome = await runCompensations(
    {
      store: core.store,
      clock: core.clock,
      exprs: core.exprs,
      stepDeps: core.stepDeps,
      signal: core.signal,
      random: core.random,
      stopping: () => core.stopping,
      workerId: core.leases.workerId,
    },
    rs,
  );
  if (outcome === 'stopped') return;
  const failure = outcome;
  const now = core.clock.now();
  const status = failure ? 'failed' : 'compensated';
  const error = failure ? { ...failure, details: { runError: rs.failure } } : rs.failure;
  const response = rs.response ? JSON.stringify(rs.response) : null;
  await core.store.write(async (tx) => {
    await tx.runs.fence(rs.id, core.leases.workerId);
    await tx.runs.finishRun(rs.id, status, JSON.stringify(error), response, now);
  });
  rs.status = status;
  retire(core, rs);
}
