import type { RunStore } from '../store/run-store.ts';

/**
 * Poison steps: a step whose input crashes the process would be started again at every start. The rule:
 * a restart counts against a step only when the step was executing when the process stopped — started,
 * its result not yet committed. After `limit` such restarts it is failed with code `poison` instead of
 * being started again.
 *
 * A step that was only due does not count: its run was waiting for its turn (flow concurrency or
 * ordering key), or it became ready while the process was stopping, or the restart that loaded it had
 * not started it yet. Such a step is marked held in step_recoveries and released in the write that
 * precedes its start. The common path writes nothing: a step that a commit makes ready starts right
 * after that commit, so a due step that is not held was executing.
 */

/**
 * At a restart, for the due steps of a run (no row, inputs ready): counts the restart against those that
 * were executing and holds them all until the run starts them. Returns the steps past the limit, each
 * failed with the reason. Call inside a write, with its `tx.runs`. Marking steps held and released is
 * RunStore.holdSteps and releaseSteps.
 */
export async function countRestarts(
  runs: RunStore,
  runId: string,
  due: string[],
  limit: number,
  now: number,
): Promise<string[]> {
  const poisoned: string[] = [];
  for (const nodeId of due) {
    const count = await runs.countRestart(runId, nodeId);
    if (count < limit) continue;
    poisoned.push(nodeId);
    const error = {
      code: 'poison',
      message: `the process stopped ${count} times while step "${nodeId}" was executing; it is not started again (its input may crash the runtime)`,
      retryable: false,
    };
    await runs.upsertStep({
      runId,
      nodeId,
      status: 'failed',
      port: null,
      attempts: 0,
      input: null,
      output: null,
      error: JSON.stringify(error),
      attemptErrors: null,
      startedAt: null,
      finishedAt: now,
      nextAttemptAt: null,
    });
  }
  return poisoned;
}
