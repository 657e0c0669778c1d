import type { RunListItem } from '../api/types.ts';
import type { FailedFilter, FailedGroup } from '../../../shared/run.ts';

export type { FailedFilter, FailedGroup };

/**
 * The failed-runs filter that selects exactly the group's runs, up to the latest one on screen (a run
 * failing after the page was loaded is left alone), or null when the group has no step or error code
 * to filter on: a filter cannot say "no step", so such a group is acted on by run ids.
 */
export function groupFilter(g: FailedGroup): FailedFilter | null {
  if (g.nodeId === null || g.errorCode === null) return null;
  return { flowId: g.flowId, nodeId: g.nodeId, errorCode: g.errorCode, to: g.lastAt + 1 };
}

/** Whether a run listed by GET /api/runs belongs to the group. */
export function inGroup(g: FailedGroup, r: RunListItem): boolean {
  return (
    r.flowId === g.flowId &&
    r.status === 'failed' &&
    r.mode === 'live' &&
    r.createdAt <= g.lastAt &&
    (r.error?.nodeId ?? null) === g.nodeId &&
    (r.error?.code ?? null) === g.errorCode
  );
}

/** A short description of the group for dialog titles and results, e.g. "3 runs of Orders failing at send". */
export function describeGroup(g: FailedGroup, flowName: string): string {
  const runs = g.count === 1 ? '1 run' : `${g.count} runs`;
  return `${runs} of ${flowName}${g.nodeId ? ` failing at ${g.nodeName ?? g.nodeId}` : ''}`;
}
