import { stripLeadingEquals } from '../../shared/expression-string.ts';
import { ErrorCodes, type WeftErrorShape } from '../../shared/errors.ts';
import { type LoopOutput, type LoopWait, loopItemCount } from '../../shared/loop.ts';
import type { ChildRunRow, RunRow } from '../store/run-store.ts';
import type { EngineCore } from './engine-core.ts';
import { itemIndexOf, loopItemRunId } from './loop-items.ts';
import { LoopItemReader } from './loop-file.ts';
import { runLogFields } from './log-fields.ts';
import { retryFailed } from './operator-actions.ts';
import { triggerEventOf } from './payloads.ts';
import type { FlowPlan } from './plan.ts';
import { startRun } from './run-start.ts';
import type { RunState } from './run-state.ts';
import type { StepOutcome } from './run-transitions.ts';
import { bindingsOf } from './step-context.ts';
import { shareTheLoop } from './share-the-loop.ts';
import { runStep } from './step-runner.ts';
import { StoredSteps } from './stored-steps.ts';

/*
 * Loops (control.loop): the loop step waits while its body runs once per item, or batch of items, each
 * time as a run of its own (a body run, started like a sub-flow run, with the body's plan) whose id
 * follows from the run, the loop and the item index. What a loop keeps in memory is its cursor: the list
 * (once), the next item to start, and the body runs in flight; the results stay in the store until every
 * item is done, and are read from there then. After a restart the loop reads which body runs exist,
 * and starts only the items that have none.
 */

/** A loop being driven on this worker. */
export interface LoopCursor {
  readonly rs: RunState;
  readonly nodeId: string;
  w: LoopWait | null;
  /** For a loop over a JSON Lines file: where its items are read (loop-file.ts). */
  reader: LoopItemReader | null;
  /** Body executions in all (items, or batches). */
  total: number;
  /** The next body execution (batch number) to start. */
  next: number;
  /** Body runs found at load that the cursor has not passed yet, by batch number. */
  readonly known: Set<number>;
  /** Body runs in flight, by id. */
  readonly running: Set<string>;
  /** Failed body runs to retry (the loop step was retried). */
  readonly retry: string[];
  /** A body failed and the loop stops: nothing new starts (onItemFailure "stop"). */
  halted: boolean;
  filling: boolean;
  closing: boolean;
  loaded: Promise<void>;
}

const ENDED_OK = 'succeeded';
const RUNNING = new Set(['running', 'waiting_approval', 'compensating']);

const keyOf = (runId: string, nodeId: string) => `${runId}\n${nodeId}`;

/**
 * A loop step waits for its body runs: starts driving it here (`fresh`: the step has just executed, so
 * body runs that failed before are retried), or, when it is driven already, looks again at its runs in flight.
 */
export function driveLoop(core: EngineCore, rs: RunState, nodeId: string, fresh: boolean): void {
  const key = keyOf(rs.id, nodeId);
  const current = core.loops.get(key);
  if (current && current.rs === rs && !fresh) {
    void current.loaded.then(() => recheck(core, current)).catch((err) => stalled(core, current, err));
    return;
  }
  const c: LoopCursor = {
    rs,
    nodeId,
    w: null,
    reader: null,
    total: 0,
    next: 0,
    known: new Set(),
    running: new Set(),
    retry: [],
    halted: false,
    filling: false,
    closing: false,
    loaded: Promise.resolve(),
  };
  core.loops.set(key, c);
  c.loaded = load(core, c, fresh);
  void c.loaded.then(() => fill(core, c)).catch((err) => stalled(core, c, err));
}

/** A body run ended: the loop counts it and starts the next items, or ends. */
export async function loopRunEnded(core: EngineCore, rs: RunState, nodeId: string, child: RunRow): Promise<void> {
  const c = core.loops.get(keyOf(rs.id, nodeId));
  if (!c || c.rs !== rs) return;
  await c.loaded;
  if (!c.running.delete(child.id)) return;
  if (child.status !== ENDED_OK && c.w?.onItemFailure === 'stop') c.halted = true;
  await fill(core, c);
}

/** Reads the list and the body runs that exist: finished ones are done, running ones are in flight. */
async function load(core: EngineCore, c: LoopCursor, fresh: boolean): Promise<void> {
  const runs = core.store.runs;
  const stored = await StoredSteps.read(runs, c.rs.id, () => c.rs.event.body);
  const w = (stored.output(c.nodeId) as { loop?: LoopWait } | undefined)?.loop;
  if (!w) throw new Error(`loop step "${c.nodeId}" has no stored list`);
  c.w = w;
  c.total = Math.ceil(loopItemCount(w) / w.batchSize);
  if (w.file) c.reader = LoopItemReader.of(core.files, c.rs.id, c.nodeId, w.file);
  for (const child of await runs.childRuns(c.rs.id, c.nodeId)) {
    c.known.add(itemIndexOf(child.id) / w.batchSize);
    if (RUNNING.has(child.status)) c.running.add(child.id);
    else if (child.status !== ENDED_OK) {
      if (fresh && child.status === 'failed' && c.rs.mode === 'live') c.retry.push(child.id);
      else if (w.onItemFailure === 'stop') c.halted = true;
    }
  }
}

/** Starts body runs up to the loop's concurrency; ends the loop when nothing is left to run. */
async function fill(core: EngineCore, c: LoopCursor): Promise<void> {
  if (c.filling || c.closing || !c.w) return;
  c.filling = true;
  try {
    const w = c.w;
    // The free places are filled at once: their starts are written together (one group commit).
    for (;;) {
      const starts: Promise<unknown>[] = [];
      while (!c.halted && c.running.size < w.concurrency && live(core, c)) {
        const again = c.retry.shift();
        if (again !== undefined) {
          c.running.add(again);
          starts.push(retryFailed(core, again, undefined, `retried with loop "${c.nodeId}" of run ${c.rs.id}`));
          continue;
        }
        skipKnown(c);
        if (c.next >= c.total) break;
        const batch = c.next++;
        const id = loopItemRunId(c.rs.id, c.nodeId, batch * w.batchSize);
        c.running.add(id);
        starts.push(startItem(core, c, batch, id));
      }
      if (starts.length === 0) break;
      await Promise.all(starts);
    }
  } catch (err) {
    c.filling = false;
    if (core.stopping || !live(core, c)) return;
    // A body run that cannot start ends the loop step: it fails with the reason.
    c.closing = true;
    core.loops.delete(keyOf(c.rs.id, c.nodeId));
    const e = err as Partial<WeftErrorShape> & Error;
    return finishStep(core, c, {
      ok: false,
      error: { code: e.code ?? 'loop_item_not_started', message: e.message, retryable: false },
    });
  }
  c.filling = false;
  skipKnown(c);
  if (c.running.size === 0 && c.retry.length === 0 && (c.halted || c.next >= c.total)) await close(core, c);
}

function skipKnown(c: LoopCursor): void {
  while (c.known.has(c.next)) c.known.delete(c.next++);
}

const live = (core: EngineCore, c: LoopCursor) =>
  !core.stopping && core.active.get(c.rs.id) === c.rs && !c.rs.stopped && !c.rs.released;

/** Starts the body run of one item (or batch): its input, and the idempotency key part of its item. */
async function startItem(core: EngineCore, c: LoopCursor, batch: number, runId: string): Promise<void> {
  const { batchSize, itemKey } = c.w!;
  const index = batch * batchSize;
  const items = await itemsAt(c, index, batchSize);
  const body = batchSize === 1 ? { item: items[0], index } : { items, index };
  const token = itemKey ? await keyToken(core, c, itemKey, items[0], index) : String(index);
  await startRun(core, {
    plan: bodyOf(c),
    triggerNodeId: c.nodeId,
    runId,
    event: {
      body,
      loopKey: { base: c.rs.keyBase, suffix: `${c.rs.keySuffix}:${token}` },
      ...(c.rs.recorded ? { testCase: c.rs.recorded.caseName } : {}),
    },
    mode: c.rs.mode,
    correlationId: c.rs.correlationId,
    parent: { runId: c.rs.id, nodeId: c.nodeId },
    triggerBinding: c.rs.bindings.trigger,
    env: c.rs.bindings.env,
    recordings: c.rs.recorded ?? undefined,
  });
}

/** The items of one body execution: from the list, or read from the loop's file. */
async function itemsAt(c: LoopCursor, index: number, n: number): Promise<unknown[]> {
  if (!c.reader) return c.w!.items.slice(index, index + n);
  const items = await c.reader.take(index, n);
  if (items.length === 0)
    throw new Error(
      `loop "${c.nodeId}": its items file "${c.w!.file?.name}" has no item ${index}; it holds fewer than ${c.w!.count}`,
    );
  return items;
}

function bodyOf(c: LoopCursor): FlowPlan {
  const body = c.rs.plan.bodies.get(c.nodeId);
  if (!body) throw new Error(`loop "${c.nodeId}" has no body`);
  return body;
}

/** The loop's itemKey over one item: a text or number, else the item cannot be keyed and the loop step fails. */
async function keyToken(
  core: EngineCore,
  c: LoopCursor,
  source: string,
  item: unknown,
  index: number,
): Promise<string> {
  const v = await core.exprs.evaluate(stripLeadingEquals(source), item, bindingsOf(c.rs));
  if ((typeof v === 'string' && v !== '') || (typeof v === 'number' && Number.isFinite(v))) return String(v);
  throw Object.assign(
    new Error(
      `itemKey of loop "${c.nodeId}" gave ${v === undefined ? 'nothing' : JSON.stringify(v)} for item ${index}; it must give a text or a number`,
    ),
    { code: ErrorCodes.expression },
  );
}

/** Body runs that ended while their end could not be handed over (the run's end was being written) count now. */
async function recheck(core: EngineCore, c: LoopCursor): Promise<void> {
  for (const id of [...c.running]) {
    const row = await core.store.runs.run(id);
    if (row && !RUNNING.has(row.status)) await loopRunEnded(core, c.rs, c.nodeId, row);
  }
  await fill(core, c);
}

/** Every item is done (or the loop stopped): the loop step goes on with the results read from the store. */
async function close(core: EngineCore, c: LoopCursor): Promise<void> {
  c.closing = true;
  const outcome = await collect(core, c);
  c.reader?.close();
  core.loops.delete(keyOf(c.rs.id, c.nodeId));
  await finishStep(core, c, outcome);
}

async function finishStep(core: EngineCore, c: LoopCursor, outcome: StepOutcome): Promise<void> {
  const { rs, nodeId } = c;
  const step = rs.steps.get(nodeId);
  // While the run's end is being written the loop waits; it is driven again if that write fails (run-lifecycle.ts).
  if (!live(core, c) || rs.ending !== null || step?.status !== 'waiting' || !step.loop || rs.inFlight.has(nodeId))
    return;
  rs.inFlight.add(nodeId);
  await runStep(core, rs, nodeId, outcome);
}

/** The loop's output from its body runs: results in item order, the failed items with their errors. */
async function collect(core: EngineCore, c: LoopCursor): Promise<StepOutcome> {
  const w = c.w!;
  const runs = core.store.runs;
  const results: unknown[] = new Array(c.total).fill(null);
  const failed: LoopOutput['failed'] = [];
  const children = await runs.childRuns(c.rs.id, c.nodeId);
  children.sort((a, b) => itemIndexOf(a.id) - itemIndexOf(b.id));
  for (const child of children) {
    // Reads that answer at once never let the event loop turn: a long list shares it (share-the-loop.ts).
    const turn = shareTheLoop();
    if (turn) await turn;
    const index = itemIndexOf(child.id);
    if (child.status === ENDED_OK) results[index / w.batchSize] = await resultOf(core, c, child.id);
    else {
      const batch = await itemsAt(c, index, w.batchSize);
      const items = w.batchSize === 1 ? { item: batch[0] } : { items: batch };
      failed.push({ index, ...items, error: errorOf(child), runId: child.id });
    }
  }
  if (w.onItemFailure === 'stop' && failed.length > 0) {
    const first = failed[0];
    return {
      ok: false,
      error: {
        code: 'loop_item_failed',
        message: `loop "${c.nodeId}": the body failed for item ${first.index} (run ${first.runId}): ${first.error.message}`,
        retryable: false,
        details: { index: first.index, runId: first.runId, error: first.error, failed: failed.length, total: c.total },
      },
    };
  }
  return { ok: true, port: 'out', output: { results, failed } satisfies LoopOutput };
}

function errorOf(child: ChildRunRow): { code: string; message: string } {
  const e = child.error ? (JSON.parse(child.error) as WeftErrorShape) : null;
  return e
    ? { code: e.code, message: e.message }
    : { code: child.status, message: `the body run ended ${child.status}` };
}

/** A body run's result: the output of its last succeeded node in flow order (the body's sink). */
async function resultOf(core: EngineCore, c: LoopCursor, runId: string): Promise<unknown> {
  const runs = core.store.runs;
  const row = await runs.run(runId);
  if (!row) return null;
  const stored = await StoredSteps.read(runs, runId, () => triggerEventOf(row).body);
  const order = bodyOf(c).order;
  for (let i = order.length - 1; i >= 0; i--) {
    const id = order[i];
    if (id !== c.nodeId && stored.rows.get(id)?.status === ENDED_OK) return stored.output(id) ?? null;
  }
  return null;
}

/**
 * Every lease renewal: each loop waiting here looks again at its body runs in flight (one that ended in
 * another process, or while its end could not be handed over, counts then), and a loop that stalled starts again.
 */
export function recheckLoops(core: EngineCore): void {
  for (const rs of core.active.values())
    for (const [nodeId, rec] of rs.steps)
      if (rec.status === 'waiting' && rec.loop && !rs.inFlight.has(nodeId)) driveLoop(core, rs, nodeId, false);
}

/** A run leaves this worker (ended, or another worker's now): its loops are no longer driven here. */
export function forgetLoops(core: EngineCore, rs: RunState): void {
  if (core.loops.size === 0) return;
  for (const [key, c] of core.loops)
    if (c.rs === rs) {
      c.reader?.close();
      core.loops.delete(key);
    }
}

function stalled(core: EngineCore, c: LoopCursor, err: unknown): void {
  core.loops.delete(keyOf(c.rs.id, c.nodeId));
  core.logger.error('a loop could not go on; it does when its run is resumed', {
    ...runLogFields(c.rs, c.nodeId),
    error: (err as Error).message,
  });
}
