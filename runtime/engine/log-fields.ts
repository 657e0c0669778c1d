import type { RunState } from './run-state.ts';

/** What a log line about a run (and one of its steps) carries: its run, flow and node, and its trace when it has one. */
export function runLogFields(rs: RunState, nodeId?: string): Record<string, string> {
  const f: Record<string, string> = { runId: rs.id, flowId: rs.plan.flowId };
  if (nodeId !== undefined) f.nodeId = nodeId;
  if (rs.trace) f.traceId = rs.trace.traceId;
  return f;
}
