import { ErrorCodes, WeftError } from '../../shared/errors.ts';
import type { EngineCore } from './engine-core.ts';
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
  audit?: () => void,
): Promise<void> {
  const store = core.store;
  const row = store.run(runId);
  if (!row) throw new WeftError(ErrorCodes.notFound, `run ${runId} not found`);
  if (row.status !== 'failed')
    throw new WeftError(ErrorCodes.conflict, `run ${runId} is ${row.status}; only failed runs can be retried`);
  if (row.mode === 'test')
    throw new WeftError(ErrorCodes.conflict, 'test runs cannot be retried; start a new test run');
  core.leases.claimOrThrow(runId);
  const failed = store.steps(runId).filter((s) => s.status === 'failed');
  const now = core.clock.now();
  await store.committer.write(() => {
    store.reopenRun(runId, now);
    const detail = input ? { nodeId: input.nodeId, input: input.value } : undefined;
    store.addAction(runId, now, 'retry', note ?? null, detail);
    audit?.();
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
  const rs = loadRunState(store.run(runId)!, store, core.planFor);
  rs.deadlineBase = now;
  resume(core, rs);
  core.scheduler.wake(now);
}

/**
 * Stops a running run (also one waiting for a retry): no further step starts, steps waiting for a
 * retry fail with the reason, and a step in flight finishes but leads nowhere. Recorded as an action.
 */
export async function cancel(core: EngineCore, runId: string, reason: string, audit?: () => void): Promise<void> {
  const store = core.store;
  const row = store.run(runId);
  if (!row) throw new WeftError(ErrorCodes.notFound, `run ${runId} not found`);
  if (row.status !== 'running' && row.status !== 'waiting_approval')
    throw new WeftError(
      ErrorCodes.conflict,
      `run ${runId} is ${row.status}; only running or waiting runs can be cancelled`,
    );
  const error = { code: 'cancelled', message: `cancelled by an operator: ${reason}`, retryable: false };
  const rs = core.active.get(runId);
  if (rs) return terminate(core, rs, 'cancelled', error, { note: reason, audit });
  core.leases.claimOrThrow(runId);
  const now = core.clock.now();
  await store.committer.write(() => {
    store.failRetryingSteps(runId, JSON.stringify(error), now);
    store.finishRun(runId, 'cancelled', JSON.stringify(error), row.response, now);
    store.addAction(runId, now, 'cancel', reason, undefined);
    audit?.();
  });
}

/**
 * An operator's decision on a run waiting for approval: the approval step leaves by "approved" or
 * "rejected" with its input, and the run goes on. Works after restarts (the wait is in the store).
 */
export async function decide(
  core: EngineCore,
  runId: string,
  decision: 'approve' | 'reject',
  comment: string | undefined,
  audit?: () => void,
): Promise<void> {
  const store = core.store;
  const row = store.run(runId);
  if (!row) throw new WeftError(ErrorCodes.notFound, `run ${runId} not found`);
  if (row.status !== 'waiting_approval')
    throw new WeftError(
      ErrorCodes.conflict,
      `run ${runId} is ${row.status}; only a run waiting for approval can be approved or rejected`,
    );
  core.leases.claimOrThrow(runId);
  const rs = core.active.get(runId) ?? loadRunState(row, store, core.planFor);
  const nodeId = [...rs.steps].find(([, rec]) => rec.status === 'waiting' && rec.approval)?.[0];
  if (!nodeId) throw new WeftError(ErrorCodes.conflict, `run ${runId} has no step waiting for approval`);
  const now = core.clock.now();
  await store.committer.write(() => {
    // Checked in the write: of two decisions at once only the first is taken, so the step goes on once.
    if (store.run(runId)?.status !== 'waiting_approval')
      throw new WeftError(ErrorCodes.conflict, `run ${runId} is no longer waiting for approval`);
    store.setStatus(runId, 'running', now);
    store.addAction(runId, now, decision, comment ?? null, { nodeId });
    audit?.();
  });
  if (!core.active.has(runId)) resume(core, rs);
  rs.inFlight.add(nodeId);
  await runStep(core, rs, nodeId, {
    ok: true,
    port: decision === 'approve' ? 'approved' : 'rejected',
    output: rs.inputOf(nodeId),
  });
}
