import type { Weft } from '../../runtime/weft.ts';

/** Milliseconds per step of a run: its own steps by node, and its loops' body steps summed by node. */
export interface RunStages {
  steps: Record<string, number>;
  /** Body steps of each loop, summed over its body runs, by node. */
  bodies: Record<string, Record<string, number>>;
  /** Body runs of each loop. */
  bodyRuns: Record<string, number>;
}

const took = (s: { startedAt: number | null; finishedAt: number | null }) =>
  s.startedAt !== null && s.finishedAt !== null ? s.finishedAt - s.startedAt : 0;

/** Where a finished run's time went, step by step, read from its step rows and its body runs' rows. */
export async function runStages(weft: Weft, runId: string, loops: string[]): Promise<RunStages> {
  const runs = weft.store.runs;
  const steps: Record<string, number> = {};
  for (const s of await runs.steps(runId)) steps[s.nodeId] = took(s);
  const bodies: RunStages['bodies'] = {};
  const bodyRuns: RunStages['bodyRuns'] = {};
  for (const loop of loops) {
    const sums: Record<string, number> = {};
    const children = await runs.childRuns(runId, loop);
    for (const child of children)
      for (const s of await runs.steps(child.id))
        if (s.nodeId !== loop) sums[s.nodeId] = (sums[s.nodeId] ?? 0) + took(s);
    bodies[loop] = sums;
    bodyRuns[loop] = children.length;
  }
  return { steps, bodies, bodyRuns };
}

/** The stages as one line: "read 120 ms, parse 3400 ms, loop 20000 ms (100 body runs: check 900 ms, …)". */
export function describeStages(s: RunStages): string {
  return Object.entries(s.steps)
    .map(([node, ms]) => {
      const body = s.bodies[node];
      if (!body) return `${node} ${ms} ms`;
      const inner = Object.entries(body)
        .map(([n, t]) => `${n} ${t} ms`)
        .join(', ');
      return `${node} ${ms} ms (${s.bodyRuns[node]} body runs: ${inner})`;
    })
    .join(', ');
}
