import type { FlowProblem, RunView } from '../api/types.ts';
import type { RunPaint } from './canvas-types.ts';

/** Colour of every node after a test run: its step's status, or "not-run" when the run never reached it. */
export function paintsOf(run: RunView, nodeIds: string[]): Record<string, RunPaint> {
  const out: Record<string, RunPaint> = {};
  for (const id of nodeIds) out[id] = 'not-run';
  for (const step of run.steps ?? []) out[step.nodeId] = step.status;
  return out;
}

/** The worst problem per node: an error outranks a warning. */
export function problemMarksOf(problems: FlowProblem[]): Record<string, 'error' | 'warning'> {
  const out: Record<string, 'error' | 'warning'> = {};
  for (const p of problems) if (p.nodeId && out[p.nodeId] !== 'error') out[p.nodeId] = p.severity;
  return out;
}
