import type { RunRow, RunStore, StepRow } from '../store/run-store.ts';
import type { MaybePromise } from './engine-core.ts';
import { PRUNED_PAYLOAD, truncatedPayload, type RunView, type StepView } from '../../shared/run.ts';
import type { FlowDefinition } from '../../shared/flow.ts';
import { businessOf } from '../../shared/business.ts';
import { triggerEventOf } from './payloads.ts';
import { inputFrom } from './step-input.ts';
import { StoredSteps } from './stored-steps.ts';

export interface ViewOptions {
  /** Payloads longer than this (characters of JSON) are shown as a truncated marker. */
  previewCap: number;
  /** The published definition of a flow version. */
  version: (flowId: string, version: number) => MaybePromise<FlowDefinition | undefined>;
}

/**
 * The definition a run executes: its published version, or for a test run the draft it keeps (in the run
 * history, only its settings).
 */
export async function runDefinition(
  row: Pick<RunRow, 'flowId' | 'version' | 'definition'>,
  version: ViewOptions['version'],
): Promise<FlowDefinition | undefined> {
  if (row.version !== null) return version(row.flowId, row.version);
  return row.definition ? (JSON.parse(row.definition) as FlowDefinition) : undefined;
}

/** A run as the API shows it: every step with input, output, error and attempts. */
export async function runView(
  row: RunRow,
  withSteps: boolean,
  store: Pick<RunStore, 'actions' | 'steps' | 'payloads'>,
  o: ViewOptions,
): Promise<RunView> {
  const trigger = triggerEventOf(row);
  const def = await runDefinition(row, o.version);
  const view: RunView = {
    id: row.id,
    flowId: row.flowId,
    version: row.version,
    mode: row.mode,
    status: row.status,
    trigger: shrink(trigger, row.trigger.length + (row.triggerBody?.length ?? 0), o.previewCap),
    correlationId: row.correlationId,
    dedupeKey: row.dedupeKey,
    businessKey: row.businessKey ?? null,
    businessKeyError: row.businessKeyError ?? null,
    traceId: row.traceId ?? null,
    ...businessOf(def?.settings),
    error: row.error ? JSON.parse(row.error) : null,
    response: row.response ? JSON.parse(row.response) : null,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    replayOf: row.replayOf ?? null,
    parentRunId: row.parentRunId ?? null,
  };
  if (!withSteps) return view;
  const [actions, stepRows] = await Promise.all([store.actions(row.id), store.steps(row.id)]);
  view.actions = actions.map((a) => ({
    at: a.at,
    action: a.action,
    note: a.note,
    detail: a.detail ? JSON.parse(a.detail) : null,
  }));
  const rows = new Map(stepRows.map((s) => [s.nodeId, s]));
  const keyBase = row.replayOf ?? row.id;
  if (payloadsPruned(row, rows.values())) {
    view.payloadsPruned = true;
    view.steps = [...rows.values()].map((s) => ({
      ...stepView(s, PRUNED_PAYLOAD, null, keyBase, o),
      output: s.status === 'succeeded' || s.status === 'waiting' ? PRUNED_PAYLOAD : null,
    }));
    view.steps.sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0));
    return view;
  }
  const stored = await StoredSteps.of(rows, store, row.id, () => trigger.body);
  // The definition's nodes first, then rows of no node (compensating calls, "<node>~compensate").
  const order = def
    ? [...def.nodes.map((n) => n.id), ...[...rows.keys()].filter((k) => !def.nodes.some((n) => n.id === k))]
    : [...rows.keys()];
  const steps: StepView[] = [];
  for (const id of order) {
    const s = rows.get(id);
    if (!s) continue;
    steps.push(stepView(s, inputOf(s, def, stored, trigger), stored.output(id) ?? null, keyBase, o));
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

/** The input a step had: the one it stored, else what its predecessors passed on. */
function inputOf(s: StepRow, def: FlowDefinition | undefined, stored: StoredSteps, trigger: unknown): unknown {
  if (s.input !== null) return stored.input(s.nodeId);
  if (!def) return null;
  const incoming = def.edges.filter((e) => e.target === s.nodeId);
  return inputFrom(
    { isTrigger: incoming.length === 0, incoming },
    trigger,
    (id) => stored.rows.get(id),
    (id) => stored.output(id),
  );
}

function stepView(s: StepRow, input: unknown, output: unknown, keyBase: string, o: ViewOptions): StepView {
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
