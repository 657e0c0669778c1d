import type { RunStore } from '../../runtime/store/run-store.ts';

/**
 * Writes the rows a stopped process leaves behind: a live run still `running` and the steps it had
 * committed, each succeeded with the given stored output; nothing for the step that was executing.
 */
export async function writeCrashedRun(
  store: RunStore,
  run: { id: string; flowId: string; version: number | null; trigger: unknown; triggerBody: unknown | null },
  steps: Record<string, string>,
): Promise<void> {
  const now = Date.now();
  await store.committer.write(() => {
    store.insertRun({
      id: run.id,
      flowId: run.flowId,
      version: run.version,
      mode: 'live',
      status: 'running',
      triggerNode: 'in',
      trigger: JSON.stringify(run.trigger),
      triggerBody: run.triggerBody === null ? null : Buffer.from(JSON.stringify(run.triggerBody)),
      definition: null,
      correlationId: null,
      dedupeKey: null,
      error: null,
      response: null,
      createdAt: now,
      updatedAt: now,
      finishedAt: null,
    });
    for (const [nodeId, output] of Object.entries(steps))
      store.upsertStep({
        runId: run.id,
        nodeId,
        status: 'succeeded',
        port: 'out',
        attempts: 1,
        input: null,
        output,
        error: null,
        attemptErrors: null,
        startedAt: now,
        finishedAt: now,
        nextAttemptAt: null,
      });
  });
}
