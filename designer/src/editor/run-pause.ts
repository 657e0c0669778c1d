import type { RunView } from '../api/types.ts';

/**
 * What an unfinished test run waits for, in words, and at which step; null when it finished or nothing
 * waits. A test run answers as soon as it pauses (an approval, a long delay or retry), so the panel says why.
 */
export function pauseOf(run: RunView, formatTime: (ms: number) => string): { nodeId: string; text: string } | null {
  if (run.finishedAt !== null) return null;
  const step = run.steps?.find((s) => s.status === 'waiting' || s.status === 'retrying');
  if (!step) return null;
  const waitingFor = (step.output ?? {}) as { approval?: { prompt?: string }; child?: string };
  const at = step.nextAttemptAt ? ` until ${formatTime(step.nextAttemptAt)}` : '';
  if (waitingFor.approval)
    return {
      nodeId: step.nodeId,
      text: `waiting for approval${waitingFor.approval.prompt ? ` (“${waitingFor.approval.prompt}”)` : ''}: open the run to approve or reject it`,
    };
  if (waitingFor.child) return { nodeId: step.nodeId, text: `waiting for sub-flow run ${waitingFor.child}` };
  if (step.status === 'retrying')
    return {
      nodeId: step.nodeId,
      text: `waiting to try again${at}${step.error ? ` after: ${step.error.message}` : ''}`,
    };
  return { nodeId: step.nodeId, text: `waiting${at}` };
}
