import type { RunView, StepView } from '../api/types.ts';
import { isTruncatedPayload } from '../../../shared/run.ts';
import { bodyRunOf } from '../../../shared/loop.ts';

export { bodyRunOf };

/** A loop step's progress as GET /api/runs/:id gives it. */
export type LoopProgress = NonNullable<RunView['loops']>[number];

/** What is known of a failed item's value: found in the run, or still to be read from its body run. */
export type ItemValue = { known: true; value: unknown } | { known: false };

const UNKNOWN: ItemValue = { known: false };

/**
 * The item (or batch of items) a failed body run of a loop step worked on, from the loop step's output:
 * while the loop runs it holds the list ({ loop: { items, batchSize } }), once it ended the failed items
 * ({ results, failed: [{ index, item | items }] }). Unknown when the output is truncated, pruned or absent.
 */
export function failedItemValue(step: StepView | undefined, index: number): ItemValue {
  const out = step?.output;
  if (out === null || typeof out !== 'object' || isTruncatedPayload(out)) return UNKNOWN;
  const wait = (out as { loop?: { items?: unknown; batchSize?: unknown } }).loop;
  if (wait && Array.isArray(wait.items)) {
    if (index < 0 || index >= wait.items.length) return UNKNOWN;
    const size = typeof wait.batchSize === 'number' ? wait.batchSize : 1;
    return { known: true, value: size > 1 ? wait.items.slice(index, index + size) : wait.items[index] };
  }
  const failed = (out as { failed?: unknown }).failed;
  if (!Array.isArray(failed)) return UNKNOWN;
  const f = failed.find((x) => (x as { index?: unknown })?.index === index) as
    | { item?: unknown; items?: unknown }
    | undefined;
  if (!f) return UNKNOWN;
  if ('items' in f) return { known: true, value: f.items };
  if ('item' in f) return { known: true, value: f.item };
  return UNKNOWN;
}

/** The item (or batch) of a body run, from its trigger event ({ body: { item | items, index } }). */
export function bodyRunItem(trigger: unknown): ItemValue {
  const body = (trigger as { body?: unknown } | null)?.body;
  if (body === null || typeof body !== 'object') return UNKNOWN;
  if ('items' in body) return { known: true, value: (body as { items: unknown }).items };
  if ('item' in body) return { known: true, value: (body as { item: unknown }).item };
  return UNKNOWN;
}

/** A short one-line text of an item for a table cell; the whole value stays available on demand. */
export function itemText(value: unknown, max = 80): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** How far a loop got, in words: "12 of 25 done · 2 running · 3 failed". */
export function progressText(p: LoopProgress): string {
  const parts = [`${p.done} of ${p.total} done`];
  if (p.running > 0) parts.push(`${p.running} running`);
  if (p.failed.length > 0) parts.push(`${p.failed.length} failed`);
  return parts.join(' · ');
}

/**
 * Whether an operator can retry the failed items of this loop now: a finished live run (the runtime
 * reopens it) that is not itself the body run of another loop (whose failed items are retried from the
 * outer run), with failed items.
 */
export function canRetryItems(run: RunView, p: LoopProgress): boolean {
  return (
    run.mode === 'live' &&
    (run.status === 'succeeded' || run.status === 'failed') &&
    p.failed.length > 0 &&
    bodyRunOf(run) === null
  );
}

/**
 * The loops to show on a run's page. A body run starts at its own loop's node (which stands for the
 * item it was given) and has no progress of its own to show there; loops nested in its body do.
 */
export function loopsShown(run: Pick<RunView, 'id' | 'parentRunId' | 'loops'>): LoopProgress[] {
  const body = bodyRunOf(run);
  return (run.loops ?? []).filter((p) => p.nodeId !== body?.loopId);
}
