import type { RunState } from './run-state.ts';

/** Suffix of the step row that records a node's compensating call. */
export const COMPENSATION_SUFFIX = '~compensate';

/** Whether a failed run of this flow compensates (flow setting onFailure "compensate"). */
export function compensates(rs: RunState): boolean {
  return rs.mode === 'live' && rs.plan.definition.settings?.onFailure === 'compensate';
}

/** Nodes whose successful calls are to be undone, latest first (reverse topological order). */
export function toCompensate(rs: RunState): string[] {
  return [...rs.plan.order]
    .reverse()
    .filter((id) => rs.steps.get(id)?.status === 'succeeded' && (rs.plan.nodes.get(id)!.node.config as { compensate?: unknown }).compensate !== undefined);
}
