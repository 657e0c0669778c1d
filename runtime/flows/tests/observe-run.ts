import type { FlowDefinition } from '../../../shared/flow.ts';
import type { RunResponse } from '../../../shared/run.ts';
import { triggerEventOf } from '../../engine/payloads.ts';
import { StoredSteps } from '../../engine/stored-steps.ts';
import type { RunRow, RunStore } from '../../store/run-store.ts';
import type { FlowShape, ObservedRun, ObservedStep } from './compare.ts';

/** A stored run as a test case compares it: its status, error, response and each step with its full output. */
export async function observeRun(runs: Pick<RunStore, 'steps' | 'payloads'>, row: RunRow): Promise<ObservedRun> {
  const body = triggerEventOf(row).body;
  const stored = await StoredSteps.read(runs, row.id, () => body);
  const steps: Record<string, ObservedStep> = {};
  for (const [nodeId, s] of stored.rows) {
    const error = s.error ? (JSON.parse(s.error) as { code: string; message: string }) : null;
    steps[nodeId] = {
      status: s.status as ObservedStep['status'],
      port: s.port,
      output: s.status === 'succeeded' ? stored.output(nodeId) : undefined,
      error: error && { code: error.code, message: error.message },
    };
  }
  const response = row.response ? (JSON.parse(row.response) as RunResponse) : null;
  return {
    status: row.status,
    error: row.error ? JSON.parse(row.error) : null,
    response: response && { status: response.status, body: response.body },
    steps,
  };
}

/** The outputs of the steps that succeeded, by node id: `$steps` of a case's assertions. */
export function outputsOf(run: ObservedRun): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const [id, s] of Object.entries(run.steps)) if (s.status === 'succeeded') out[id] = s.output;
  return out;
}

/** Which nodes are at the top level of the flow and which run in a loop's body. */
export function shapeOf(definition: FlowDefinition): FlowShape {
  const topLevel = new Set<string>();
  const loopOf = new Map<string, string>();
  for (const n of definition.nodes) {
    if (n.parentId === undefined) topLevel.add(n.id);
    else loopOf.set(n.id, n.parentId);
  }
  return { topLevel, loopOf };
}
