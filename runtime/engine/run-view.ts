import type { RunRow, RunStore, StepRow } from '../store/run-store.ts';
import { PRUNED_PAYLOAD, truncatedPayload, type RunView, type StepView } from '../../shared/run.ts';
import type { FlowDefinition } from '../../shared/flow.ts';
import { loadValue, triggerEventOf } from './payloads.ts';

export interface ViewOptions {
  /** Payloads longer than this (characters of JSON) are shown as a truncated marker. */
  previewCap: number;
}

/** A run as the API shows it: every step with input, output, error and attempts. */
export function runView(
  row: RunRow,
  withSteps: boolean,
  store: RunStore,
  definitionOf: (row: RunRow) => FlowDefinition | undefined,
  o: ViewOptions,
): RunView {
  const trigger = triggerEventOf(row);
  const view: RunView = {
    id: row.id,
    flowId: row.flowId,
    version: row.version,
    mode: row.mode,
    status: row.status as RunView['status'],
    trigger: shrink(trigger, row.trigger.length + (row.triggerBody?.length ?? 0), o.previewCap),
    correlationId: row.correlationId,
    dedupeKey: row.dedupeKey,
    error: row.error ? JSON.parse(row.error) : null,
    response: row.response ? JSON.parse(row.response) : null,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    replayOf: row.replayOf ?? null,
    parentRunId: row.parentRunId ?? null,
  };
  if (!withSteps) return view;
  view.actions = store
    .actions(row.id)
    .map((a) => ({ at: a.at, action: a.action, note: a.note, detail: a.detail ? JSON.parse(a.detail) : null }));
  const def = definitionOf(row);
  const rows = new Map(store.steps(row.id).map((s) => [s.nodeId, s]));
  if (payloadsPruned(row, rows.values())) {
    view.payloadsPruned = true;
    view.steps = [...rows.values()].map((s) => ({
      ...stepView(s, {}, PRUNED_PAYLOAD, row.replayOf ?? row.id, o),
      output: s.status === 'succeeded' || s.status === 'waiting' ? PRUNED_PAYLOAD : null,
    }));
    view.steps.sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0));
    return view;
  }
  const outputs: Record<string, unknown> = {};
  const loader = {
    trigger: () => trigger.body,
    step: (id: string) => outputs[id],
    payload: (hash: string) => store.payload(row.id, hash),
  };
  // The definition's nodes first, then rows of no node (compensating calls, "<node>~compensate").
  const order = def
    ? [...def.nodes.map((n) => n.id), ...[...rows.keys()].filter((k) => !def.nodes.some((n) => n.id === k))]
    : [...rows.keys()];
  const steps: StepView[] = [];
  const pending = new Set(rows.keys());
  // Outputs may refer to earlier steps; resolve in passes until all are loaded.
  for (let pass = 0; pass < 3 && pending.size; pass++)
    for (const id of order) {
      const s = rows.get(id);
      if (!s || !pending.has(id)) continue;
      if (refersToPending(s.output, pending, id)) continue;
      outputs[id] = s.status === 'succeeded' || s.status === 'waiting' ? loadValue(s.output, loader) : null;
      pending.delete(id);
    }
  for (const id of order) {
    const s = rows.get(id);
    if (!s) continue;
    steps.push(stepView(s, outputs, inputOf(s, def, rows, outputs, trigger, loader), row.replayOf ?? row.id, o));
  }
  steps.sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0));
  view.steps = steps;
  return view;
}

/** A succeeded step always stores an output; none on a succeeded run means retention dropped its payloads. */
function payloadsPruned(row: RunRow, steps: Iterable<StepRow>): boolean {
  if (row.status !== 'succeeded') return false;
  for (const s of steps) if (s.status === 'succeeded' && s.output === null) return true;
  return false;
}

function refersToPending(text: string | null, pending: Set<string>, self: string): boolean {
  if (!text || !text.startsWith('{"$weftRef":"step:')) return false;
  const id = JSON.parse(text).$weftRef.slice(5);
  return id !== self && pending.has(id);
}

function inputOf(
  s: StepRow,
  def: FlowDefinition | undefined,
  rows: Map<string, StepRow>,
  outputs: Record<string, unknown>,
  trigger: { body?: unknown },
  loader: Parameters<typeof loadValue>[1],
): unknown {
  if (s.input !== null) return loadValue(s.input, loader);
  if (!def) return null;
  const incoming = def.edges.filter((e) => e.target === s.nodeId);
  if (incoming.length === 0) return trigger;
  const live = incoming.filter(
    (e) => rows.get(e.source)?.status === 'succeeded' && rows.get(e.source)?.port === e.sourcePort,
  );
  return live.length === 1
    ? outputs[live[0].source]
    : Object.fromEntries(live.map((e) => [e.source, outputs[e.source]]));
}

function stepView(
  s: StepRow,
  outputs: Record<string, unknown>,
  input: unknown,
  keyBase: string,
  o: ViewOptions,
): StepView {
  const output = outputs[s.nodeId] ?? null;
  return {
    nodeId: s.nodeId,
    status: s.status,
    port: s.port,
    attempts: s.attempts,
    input: shrink(input, undefined, o.previewCap),
    output: shrink(output, undefined, o.previewCap),
    error: s.error ? JSON.parse(s.error) : null,
    attemptErrors: s.attemptErrors ? JSON.parse(s.attemptErrors) : [],
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
    nextAttemptAt: s.nextAttemptAt,
    idempotencyKey: `${keyBase}:${s.nodeId}`,
    sentKey: s.sentKey ?? null,
  };
}

/** Large payloads are shown as a marker with a preview instead of in full. */
function shrink(v: unknown, knownLength: number | undefined, cap: number): unknown {
  if (v === null || typeof v !== 'object') return v;
  const len = knownLength ?? JSON.stringify(v).length;
  if (len <= cap) return v;
  const text = JSON.stringify(v);
  return truncatedPayload(text, Buffer.byteLength(text));
}
