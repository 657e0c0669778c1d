import type { RunRow, RunStore } from '../store/run-store.ts';
import type { MaybePromise } from './engine-core.ts';
import { type FlowPlan, planOfRun } from './plan.ts';
import { keyOfLoopItem } from './loop-items.ts';
import { RunState, type StepRecord } from './run-state.ts';
import { triggerEventOf } from './payloads.ts';
import { StoredSteps } from './stored-steps.ts';

/** Rebuilds a run's in-memory state from its committed rows (its steps, and its payloads when they refer to some). */
export async function loadRunState(
  row: RunRow,
  runs: Pick<RunStore, 'run' | 'steps' | 'payloads'>,
  planFor: (flowId: string, version: number) => MaybePromise<FlowPlan>,
): Promise<RunState> {
  if (row.version === null) throw new Error(`run ${row.id} is a test run and cannot be resumed`);
  const plan = planOfRun(await planFor(row.flowId, row.version), row.triggerNode);
  const event = triggerEventOf(row);
  const rs = new RunState(row.id, plan, row.mode, row.triggerNode, event, row.correlationId, row.createdAt);
  if (row.replayOf) rs.keyBase = row.replayOf;
  keyOfLoopItem(rs);
  // A loop's body run sees the trigger of the run its loop belongs to (the outermost, for nested loops).
  if (plan.loopId !== null && row.parentRunId) rs.bindings.trigger = await rootTrigger(runs, row.parentRunId);
  rs.parentRunId = row.parentRunId ?? null;
  rs.orderKey = row.orderKey ?? null;
  if (row.traceId && row.traceSpanId) rs.trace = { traceId: row.traceId, spanId: row.traceSpanId };
  rs.response = row.response ? JSON.parse(row.response) : null;
  const stored = await StoredSteps.read(runs, row.id, () => event.body);
  for (const id of plan.order) {
    const s = stored.rows.get(id);
    if (!s) continue;
    const rec: StepRecord = {
      status: s.status,
      port: s.port,
      attempts: s.attempts,
      attemptErrors: s.attemptErrors ? JSON.parse(s.attemptErrors) : [],
      error: s.error ? JSON.parse(s.error) : null,
      nextAttemptAt: s.nextAttemptAt,
    };
    // A succeeded step with several predecessors stored the input it merged from them; that is no operator's edit.
    if (s.input !== null && !(plan.nodes.get(id)!.incoming.length > 1 && s.status === 'succeeded'))
      rec.inputOverride = stored.input(id);
    if (s.status === 'succeeded') rs.outputs[id] = stored.output(id);
    if (s.status === 'waiting') {
      const w = stored.output(id) as { approval?: { prompt: string }; child?: string; loop?: unknown } | null;
      if (w?.approval) rec.approval = w.approval;
      if (w?.child) rec.child = w.child;
      if (w?.loop) rec.loop = true;
    }
    if (s.status === 'failed') rs.failure ??= { ...rec.error!, nodeId: id };
    rs.steps.set(id, rec);
  }
  return rs;
}

/** The trigger event of the run a body run belongs to: its parent's, or for nested loops the outermost run's. */
async function rootTrigger(runs: Pick<RunStore, 'run'>, parentRunId: string): Promise<unknown> {
  let row = await runs.run(parentRunId);
  // A body run is named after its parent (loop-items.ts); a sub-flow run of control.call has a trigger of its own.
  while (row?.parentRunId && row.id.startsWith(`${row.parentRunId}.`)) row = await runs.run(row.parentRunId);
  return row ? triggerEventOf(row) : null;
}
