import type { RunRow, RunStore, StepRow } from '../store/run-store.ts';
import type { MaybePromise } from './engine-core.ts';
import { PRUNED_PAYLOAD, truncatedPayload, type RunView, type StepView } from '../../shared/run.ts';
import type { FlowDefinition } from '../../shared/flow.ts';
import { businessOf } from '../../shared/business.ts';
import { triggerEventOf } from './payloads.ts';
import { inputFrom } from './step-input.ts';
import { StoredSteps } from './stored-steps.ts';
import { itemIndexOf } from './loop-items.ts';
import { LOOP_NODE_TYPE, type LoopProgress, type LoopWait, loopItemCount } from '../../shared/loop.ts';

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
  store: Pick<RunStore, 'actions' | 'steps' | 'payloads' | 'childRuns'>,
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
  const loopKey = (trigger as { loopKey?: { base?: unknown; suffix?: unknown } }).loopKey;
  const keyOf = (nodeId: string) =>
    loopKey && typeof loopKey.base === 'string' && typeof loopKey.suffix === 'string'
      ? `${loopKey.base}:${nodeId}${loopKey.suffix}`
      : `${row.replayOf ?? row.id}:${nodeId}`;

  if (payloadsPruned(row, rows.values())) {
    view.payloadsPruned = true;
    view.steps = [...rows.values()].map((s) => ({
      ...stepView(s, PRUNED_PAYLOAD, null, keyOf, o),
      output: s.status === 'succeeded' || s.status === 'waiting' ? PRUNED_PAYLOAD : null,
    }));
    view.steps.sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0));
    return view;
  }
  const stored = await StoredSteps.of(rows, store, row.id, () => trigger.body);
  const loops = def ? await loopProgress(row.id, def, stored, store) : [];
  if (loops.length) view.loops = loops;
  // The definition's nodes first, then rows of no node (compensating calls, "<node>~compensate").
  const order = def
    ? [...def.nodes.map((n) => n.id), ...[...rows.keys()].filter((k) => !def.nodes.some((n) => n.id === k))]
    : [...rows.keys()];
  const steps: StepView[] = [];
  for (const id of order) {
    const s = rows.get(id);
    if (!s) continue;
    steps.push(stepView(s, inputOf(s, def, stored, trigger), stored.output(id) ?? null, keyOf, o));
  }
  steps.sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0));
  view.steps = steps;
  return view;
}

/** How far each loop step of the run got: from its body runs (one per item or batch) and the list it waits on. */
async function loopProgress(
  runId: string,
  def: FlowDefinition,
  stored: StoredSteps,
  store: Pick<RunStore, 'childRuns'>,
): Promise<LoopProgress[]> {
  const out: LoopProgress[] = [];
  for (const n of def.nodes) {
    const step = stored.rows.get(n.id);
    if (n.type !== LOOP_NODE_TYPE || !step) continue;
    const children = await store.childRuns(runId, n.id);
    const p: LoopProgress = { nodeId: n.id, total: children.length, done: 0, running: 0, failed: [] };
    for (const c of children) {
      if (c.status === 'succeeded') p.done++;
      else if (['running', 'waiting_approval', 'compensating'].includes(c.status)) p.running++;
      else {
        const e = c.error ? (JSON.parse(c.error) as { code: string; message: string }) : null;
        p.failed.push({
          index: itemIndexOf(c.id),
          runId: c.id,
          error: e ? { code: e.code, message: e.message } : { code: c.status, message: `ended ${c.status}` },
        });
      }
    }
    p.failed.sort((a, b) => a.index - b.index);
    p.total = Math.max(p.total, loopTotal(step, stored.output(n.id)) ?? 0);
    out.push(p);
  }
  return out;
}

/** Body executions of a loop step in all: from the list it waits on, its results, or its failure. */
function loopTotal(step: StepRow, output: unknown): number | null {
  const o = output as { loop?: LoopWait; results?: unknown[] } | null;
  if (step.status === 'waiting' && o?.loop) return Math.ceil(loopItemCount(o.loop) / o.loop.batchSize);
  if (step.status === 'succeeded' && Array.isArray(o?.results)) return o.results.length;
  const total = step.error ? (JSON.parse(step.error) as { details?: { total?: unknown } }).details?.total : null;
  return typeof total === 'number' ? total : null;
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

function stepView(
  s: StepRow,
  input: unknown,
  output: unknown,
  keyOf: (nodeId: string) => string,
  o: ViewOptions,
): StepView {
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
    idempotencyKey: keyOf(s.nodeId),
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
