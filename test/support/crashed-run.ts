import type { Store } from '../../runtime/store/ports.ts';

/**
 * Writes the rows a stopped process leaves behind: a live run still `running` and the steps it had
 * committed, each succeeded with the given stored output; nothing for the step that was executing.
 */
export async function writeCrashedRun(
  store: Pick<Store, 'write'>,
  run: { id: string; flowId: string; version: number | null; trigger: unknown; triggerBody: unknown | null },
  steps: Record<string, string>,
): Promise<void> {
  const now = Date.now();
  await store.write(async (tx) => {
    await tx.runs.insertRun({
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
      await tx.runs.upsertStep({
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
