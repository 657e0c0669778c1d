import type { RunRow, RunStore, StepRow } from '../store/run-store.ts';
import type { FlowPlan } from './plan.ts';
import { RunState, type StepRecord } from './run-state.ts';
import { loadValue, triggerEventOf } from './payloads.ts';

/** Rebuilds a run's in-memory state from its committed rows. */
export function loadRunState(
  row: RunRow,
  store: RunStore,
  planFor: (flowId: string, version: number) => FlowPlan,
): RunState {
  if (row.version === null) throw new Error(`run ${row.id} is a test run and cannot be resumed`);
  const plan = planFor(row.flowId, row.version);
  const event = triggerEventOf(row);
  const rs = new RunState(row.id, plan, row.mode, row.triggerNode, event, row.correlationId, row.createdAt);
  if (row.replayOf) rs.keyBase = row.replayOf;
  rs.response = row.response ? JSON.parse(row.response) : null;
  const rows = new Map<string, StepRow>();
  for (const s of store.steps(row.id)) rows.set(s.nodeId, s);
  const loader = {
    trigger: () => event.body,
    step: (id: string) => rs.outputs[id],
    payload: (hash: string) => store.payload(row.id, hash),
  };
  // Topological order, so a reference to an earlier step's output resolves.
  for (const id of plan.order) {
    const s = rows.get(id);
    if (!s) continue;
    const rec: StepRecord = {
      status: s.status,
      port: s.port,
      attempts: s.attempts,
      attemptErrors: s.attemptErrors ? JSON.parse(s.attemptErrors) : [],
      error: s.error ? JSON.parse(s.error) : null,
      nextAttemptAt: s.nextAttemptAt,
    };
    if (s.input !== null && !(plan.nodes.get(id)!.incoming.length > 1 && s.status === 'succeeded'))
      rec.inputOverride = loadValue(s.input, loader);
    if (s.status === 'succeeded') rs.outputs[id] = loadValue(s.output, loader);
    if (s.status === 'waiting') {
      const w = loadValue(s.output, loader) as { approval?: { prompt: string }; child?: string } | null;
      if (w?.approval) rec.approval = w.approval;
      if (w?.child) rec.child = w.child;
    }
    if (s.status === 'failed') rs.failure ??= { ...rec.error!, nodeId: id };
    rs.steps.set(id, rec);
  }
  return rs;
}
