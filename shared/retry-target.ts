/** What picking the step to retry needs of a run and its steps (the API's run view has it). */
export interface RetryCandidate {
  nodeId: string;
  status: string;
  startedAt: number | null;
}

/**
 * The step a retry from the failed step applies an edited input to: the step the run
 * failed at (run.error.nodeId) when that step failed, else the failed step that started
 * first. Several steps fail together when parallel branches fail; every failed step is
 * retried, but an edited input belongs to this one.
 */
export function stepToRetry<S extends RetryCandidate>(run: {
  error?: { nodeId?: string } | null;
  steps?: readonly S[];
}): S | undefined {
  const failed = (run.steps ?? []).filter((s) => s.status === 'failed');
  const named = failed.find((s) => s.nodeId === run.error?.nodeId);
  if (named) return named;
  let earliest: S | undefined;
  for (const s of failed) if (!earliest || (s.startedAt ?? 0) < (earliest.startedAt ?? 0)) earliest = s;
  return earliest;
}
