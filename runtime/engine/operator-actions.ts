import { ErrorCodes, WeftError } from '../../shared/errors.ts';
import type { EngineCore, InWrite } from './engine-core.ts';
import { resume, terminate } from './run-lifecycle.ts';
import { loadRunState } from './run-loader.ts';
import { runStep } from './step-runner.ts';

/**
 * What operators do to a run through the engine: retry a failed run, cancel a running one, decide on
 * one waiting for approval. Each takes this worker's lease on the run first (another live worker
 * keeps it) and is recorded as an action in the same write as the change itself; `audit`, when given,
 * writes in that transaction too.
 */

/** Puts a failed run's failed steps back in line with a fresh attempt budget. */
export async function retryFailed(
  core: EngineCore,
  runId: string,
  input?: { nodeId: string; value: unknown },
  note?: string,
  audit?: InWrite,
): Promise<void> {
  const store = core.store;
  const row = await store.runs.run(runId);
  if (!row) throw new WeftError(ErrorCodes.notFound, `run ${runId} not found`);
  if (row.status !== 'failed') throw notFailed(runId, row.status);
  if (row.mode === 'test')
    throw new WeftError(ErrorCodes.conflict, 'test runs cannot be retried; start a new test run');
  await core.leases.claimOrThrow(runId);
  const now = core.clock.now();
  await store.write(async (tx) => {
    // Checked in the write: of two retries at once only the first reopens the run.
    const current = await tx.runs.run(runId);
    if (current?.status !== 'failed') throw notFailed(runId, current?.status ?? 'gone');
    await tx.runs.fence(runId, core.leases.workerId);
    const failed = (await tx.runs.steps(runId)).filter((s) => s.status === 'failed');
    await tx.runs.reopenRun(runId, now);
    const detail = input ? { nodeId: input.nodeId, input: input.value } : undefined;
    await tx.runs.addAction(runId, now, 'retry', note ?? null, detail);
    await audit?.(tx);
    for (const s of failed) {
      const override = input && input.nodeId === s.nodeId ? JSON.stringify(input.value) : s.input;
      await tx.runs.upsertStep({
        ...s,
        status: 'retrying',
        attempts: 0,
        input: override,
        nextAttemptAt: now,
        finishedAt: null,
      });
    }
  });
  await resumeReopened(core, runId, now);
}

/** A run an operator reopened at `now` executes again here from its committed rows, its retries due. */
export async function resumeReopened(core: EngineCore, runId: string, now: number): Promise<void> {
  const reopened = await core.store.runs.run(runId);
  if (!reopened) throw new WeftError(ErrorCodes.notFound, `run ${runId} not found`);
  const rs = await loadRunState(reopened, core.store.runs, core.planFor);
  rs.deadlineBase = now;
  resume(core, rs);
  core.scheduler.wake(now);
}

const notFailed = (runId: string, status: string) =>
  new WeftError(ErrorCodes.conflict, `run ${runId} is ${status}; only failed runs can be retried`);

/**
 * Stops a running run (also one waiting for a retry): no further step starts, steps waiting for a
 * retry fail with the reason, and a step in flight finishes but leads nowhere. Recorded as an action.
 */
export async function cancel(core: EngineCore, runId: string, reason: string, audit?: InWrite): Promise<void> {
  const store = core.store;
  const row = await store.runs.run(runId);
  if (!row) throw new WeftError(ErrorCodes.notFound, `run ${runId} not found`);
  if (!cancellable(row.status)) throw notCancellable(runId, row.status);
  const error = { code: 'cancelled', message: `cancelled by an operator: ${reason}`, retryable: false };
  const active = core.active.get(runId);
  if (active) return terminate(core, active, 'cancelled', error, { note: reason, audit });
  // Held by another live process of a cluster: cancelled in the store, and that process lets it go.
  // Without a cluster (processes sharing a SQLite file) the process holding it must be asked.
  const held = !(await core.leases.claim(runId));
  if (held && !core.cancelledElsewhere) await core.leases.claimOrThrow(runId);
  // Claimed: this worker may have resumed it meanwhile (an operator's retry or decision).
  const rs = held ? undefined : core.active.get(runId);
  if (rs) return terminate(core, rs, 'cancelled', error, { note: reason, audit });
  const now = core.clock.now();
  await store.write(async (tx) => {
    const current = await tx.runs.run(runId);
    if (!current || !cancellable(current.status)) throw notCancellable(runId, current?.status ?? 'gone');
    await tx.runs.failRetryingSteps(runId, JSON.stringify(error), now);
    await tx.runs.finishRun(runId, 'cancelled', JSON.stringify(error), current.response, now);
    await tx.runs.addAction(runId, now, 'cancel', reason, undefined);
    await audit?.(tx);
  });
  // Ended by this process's write: counted here (the process that held it lets it go without counting).
  core.observer?.runEnded({ runId, flowId: row.flowId, mode: row.mode, status: 'cancelled', errorCode: error.code });
  if (held) core.cancelledElsewhere?.(runId);
}

/**
 * Another process cancelled run `runId`, which this one executes: it leaves memory as cancelled (its
 * waiters hear so), and a step still in flight finishes but leads nowhere.
 */
export function letGoCancelled(core: EngineCore, runId: string): void {
  const rs = core.active.get(runId);
  if (!rs) return;
  rs.released = true;
  rs.status = 'cancelled';
  core.deadlines.disarm(rs);
  core.active.delete(rs.id);
  core.admission.release(rs);
  core.waiters.ended(rs);
  core.logger.info('run cancelled by an operator through another process', { runId });
}

const cancellable = (status: string) => status === 'running' || status === 'waiting_approval';
const notCancellable = (runId: string, status: string) =>
  new WeftError(ErrorCodes.conflict, `run ${runId} is ${status}; only running or waiting runs can be cancelled`);

/**
 * An operator's decision on a run waiting for approval: the approval step leaves by "approved" or
 * "rejected" with its input, and the run goes on. Works after restarts (the wait is in the store).
 */
export async function decide(
  core: EngineCore,
  runId: string,
  decision: 'approve' | 'reject',
  comment: string | undefined,
  audit?: InWrite,
): Promise<void> {
  const store = core.store;
  const row = await store.runs.run(runId);
  if (!row) throw new WeftError(ErrorCodes.notFound, `run ${runId} not found`);
  if (row.status !== 'waiting_approval')
    throw new WeftError(
      ErrorCodes.conflict,
      `run ${runId} is ${row.status}; only a run waiting for approval can be approved or rejected`,
    );
  await core.leases.claimOrThrow(runId);
  const rs = core.active.get(runId) ?? (await loadRunState(row, store.runs, core.planFor));
  const nodeId = [...rs.steps].find(([, rec]) => rec.status === 'waiting' && rec.approval)?.[0];
  if (!nodeId) throw new WeftError(ErrorCodes.conflict, `run ${runId} has no step waiting for approval`);
  const now = core.clock.now();
  await store.write(async (tx) => {
    // Checked in the write: of two decisions at once only the first is taken, so the step goes on once.
    if ((await tx.runs.run(runId))?.status !== 'waiting_approval')
      throw new WeftError(ErrorCodes.conflict, `run ${runId} is no longer waiting for approval`);
    await tx.runs.fence(runId, core.leases.workerId);
    await tx.runs.setStatus(runId, 'running', now);
    await tx.runs.addAction(runId, now, decision, comment ?? null, { nodeId });
    await audit?.(tx);
  });
  // Another decision's loading of the run may have resumed it here first: that one executes it.
  const live = core.active.get(runId) ?? rs;
  if (!core.active.has(runId)) resume(core, live);
  live.inFlight.add(nodeId);
  await runStep(core, live, nodeId, {
    ok: true,
    port: decision === 'approve' ? 'approved' : 'rejected',
    output: live.inputOf(nodeId),
  });
}
