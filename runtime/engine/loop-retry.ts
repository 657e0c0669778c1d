import { ErrorCodes, WeftError } from '../../shared/errors.ts';
import { LOOP_NODE_TYPE } from '../../shared/loop.ts';
import type { EngineCore, InWrite } from './engine-core.ts';
import { resumeReopened } from './operator-actions.ts';
import type { FlowPlan } from './plan.ts';

/**
 * An operator retries only the failed items of a finished run's loop step: the run is reopened, the loop
 * step runs again — its body runs that succeeded keep their results, the failed ones are retried (loops.ts),
 * items never started start — and the steps after the loop run again with its new output.
 */
export async function retryFailedItems(
  core: EngineCore,
  runId: string,
  nodeId: string,
  note?: string,
  audit?: InWrite,
): Promise<{ items: number }> {
  const store = core.store;
  const row = await store.runs.run(runId);
  if (!row) throw new WeftError(ErrorCodes.notFound, `run ${runId} not found`);
  if (row.mode === 'test' || row.version === null)
    throw new WeftError(ErrorCodes.conflict, 'test runs cannot be retried; start a new test run');
  if (row.parentRunId)
    throw new WeftError(
      ErrorCodes.conflict,
      `run ${runId} is a body run of run ${row.parentRunId}; retry the failed items from that run`,
    );
  const plan = await core.planFor(row.flowId, row.version);
  if (plan.nodes.get(nodeId)?.node.type !== LOOP_NODE_TYPE)
    throw new WeftError(ErrorCodes.notFound, `run ${runId} has no loop step "${nodeId}"`);
  const failed = (await store.runs.childRuns(runId, nodeId)).filter((c) => c.status === 'failed').length;
  if (failed === 0) throw new WeftError(ErrorCodes.conflict, `loop "${nodeId}" of run ${runId} has no failed items`);
  await core.leases.claimOrThrow(runId);
  const now = core.clock.now();
  const after = downstreamOf(plan, nodeId);
  await store.write(async (tx) => {
    // Checked in the write: of two retries at once only the first reopens the run.
    const current = await tx.runs.run(runId);
    if (current?.status !== 'succeeded' && current?.status !== 'failed')
      throw new WeftError(
        ErrorCodes.conflict,
        `run ${runId} is ${current?.status ?? 'gone'}; only a finished run's failed items can be retried`,
      );
    const step = (await tx.runs.steps(runId)).find((s) => s.nodeId === nodeId);
    if (!step || (step.status !== 'succeeded' && step.status !== 'failed'))
      throw new WeftError(ErrorCodes.conflict, `loop step "${nodeId}" of run ${runId} has not finished`);
    await tx.runs.fence(runId, core.leases.workerId);
    await tx.runs.reopenRun(runId, now);
    await tx.runs.addAction(runId, now, 'retry', note ?? null, { nodeId, failedItems: failed });
    await audit?.(tx);
    await tx.runs.deleteSteps(runId, after);
    await tx.runs.upsertStep({
      ...step,
      status: 'retrying',
      port: null,
      output: null,
      error: null,
      attempts: 0,
      nextAttemptAt: now,
      finishedAt: null,
    });
  });
  await resumeReopened(core, runId, now);
  return { items: failed };
}

/** The nodes after `nodeId`: every node an edge path from it reaches. */
function downstreamOf(plan: FlowPlan, nodeId: string): string[] {
  const seen = new Set<string>();
  const stack = [nodeId];
  while (stack.length) {
    const id = stack.pop()!;
    for (const edges of plan.nodes.get(id)?.outgoing.values() ?? [])
      for (const e of edges)
        if (!seen.has(e.target)) {
          seen.add(e.target);
          stack.push(e.target);
        }
  }
  return [...seen];
}
