import { z } from 'zod';
import { EXPRESSION_META } from './flow.ts';
import type { FileRef } from './file-ref.ts';

/*
 * Loops: a control.loop node runs its body once per item (or batch of items) of a list. The body is
 * the nodes of the flow whose parentId names the loop; they connect only to each other, so the body is
 * a sub-graph of its own, drawn as a container on the canvas. Loops may be nested.
 */

export const LOOP_NODE_TYPE = 'control.loop';
export const MAX_LOOP_CONCURRENCY = 50;
export const MAX_LOOP_BATCH_SIZE = 1000;

/** The settings of a control.loop node. */
export const loopConfigSchema = z
  .object({
    items: z
      .unknown()
      .optional()
      .describe(
        'Expression giving the list to go through, e.g. "=workstreams", or a JSON Lines file (e.g. "=$steps.parse.output.file"), read item by item; leave empty to use the input itself',
      ),
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(MAX_LOOP_CONCURRENCY)
      .default(1)
      .describe('Most body executions at once; 1 goes through the items in order'),
    batchSize: z
      .number()
      .int()
      .min(1)
      .max(MAX_LOOP_BATCH_SIZE)
      .default(1)
      .describe('Items per body execution: 1 gives the body { item, index }, more gives it { items, index }'),
    onItemFailure: z
      .enum(['stop', 'continue'])
      .default('stop')
      .describe(
        'When the body fails for an item: "stop" fails the loop step, "continue" goes on and lists the item under failed',
      ),
    itemKey: z
      .string()
      .min(1)
      .max(2000)
      .optional()
      .describe(
        'Expression over the item giving its key, e.g. "code"; idempotency keys of calls in the body use it instead of the index (for a batch, the key of its first item)',
      )
      .meta({ [EXPRESSION_META]: true }),
  })
  .strict();
export type LoopConfig = z.output<typeof loopConfigSchema>;

/**
 * What a loop step waits on, stored as its waiting output: the list, once, and its settings. For a JSON Lines
 * file the list stays in the file (`items` is empty): `file` names it and `count` is its number of items.
 */
export interface LoopWait {
  items: unknown[];
  file?: FileRef;
  count?: number;
  concurrency: number;
  batchSize: number;
  onItemFailure: 'stop' | 'continue';
  itemKey?: string;
}

/** How many items a loop goes through: the list's, or the JSON Lines file's. */
export function loopItemCount(w: Pick<LoopWait, 'items' | 'file' | 'count'>): number {
  return w.file ? (w.count ?? 0) : w.items.length;
}

/** What the body gets as its input: one item, or a batch of them; index counts items (a batch's first item). */
export type LoopBodyInput = { item: unknown; index: number } | { items: unknown[]; index: number };

/**
 * A loop step's output: the body results in item order (one per body execution: per item, or per batch),
 * null where the body failed, and the items whose body failed (onItemFailure "continue") with the error.
 */
export interface LoopOutput {
  results: unknown[];
  failed: ({ index: number; error: { code: string; message: string }; runId: string } & (
    | { item: unknown }
    | { items: unknown[] }
  ))[];
}

/** Loop progress as the run page shows it: body executions done of all, and the failed ones. */
export const loopProgressSchema = z.object({
  nodeId: z.string(),
  total: z.number().int().describe('Body executions in all (items, or batches of items)'),
  done: z.number().int().describe('Body executions that succeeded'),
  running: z.number().int(),
  failed: z.array(
    z.object({
      index: z.number().int(),
      runId: z.string(),
      error: z.object({ code: z.string(), message: z.string() }),
    }),
  ),
});
export type LoopProgress = z.infer<typeof loopProgressSchema>;

interface ContainerNode {
  id: string;
  type: string;
  parentId?: string;
}
interface ContainerEdge {
  id: string;
  source: string;
  target: string;
}

export interface LoopBodyProblem {
  message: string;
  nodeId?: string;
  edgeId?: string;
}

/**
 * Problems of loop bodies: a parentId names a node that exists and is a control.loop, no node is
 * (through its parents) inside itself, and every edge joins two nodes of the same body (or two nodes outside any body).
 */
export function loopBodyProblems(nodes: readonly ContainerNode[], edges: readonly ContainerEdge[]): LoopBodyProblem[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out: LoopBodyProblem[] = [];
  for (const n of nodes) {
    if (n.parentId === undefined) continue;
    const parent = byId.get(n.parentId);
    if (!parent) out.push({ message: `node "${n.id}": its loop "${n.parentId}" does not exist`, nodeId: n.id });
    else if (parent.type !== LOOP_NODE_TYPE)
      out.push({
        message: `node "${n.id}": its parent "${n.parentId}" is a ${parent.type}, only a ${LOOP_NODE_TYPE} holds body nodes`,
        nodeId: n.id,
      });
    else if (insideItself(n.id, byId))
      out.push({ message: `node "${n.id}" is inside itself through its parent loops`, nodeId: n.id });
  }
  for (const e of edges) {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (!s || !t || s.parentId === t.parentId) continue;
    const where = (n: ContainerNode) => (n.parentId ? `the body of loop "${n.parentId}"` : 'outside any loop');
    out.push({
      message: `edge "${e.id}" joins "${s.id}" (${where(s)}) to "${t.id}" (${where(t)}); edges stay inside one loop body`,
      edgeId: e.id,
      nodeId: t.id,
    });
  }
  return out;
}

function insideItself(id: string, byId: Map<string, ContainerNode>): boolean {
  const seen = new Set<string>();
  for (let at = byId.get(id)?.parentId; at !== undefined; at = byId.get(at)?.parentId) {
    if (at === id) return true;
    if (seen.has(at)) return false;
    seen.add(at);
  }
  return false;
}

/** The ids of the nodes directly in the body of a loop (not those of loops nested in it). */
export function bodyNodeIds(nodes: readonly ContainerNode[], loopId: string): string[] {
  return nodes.filter((n) => n.parentId === loopId).map((n) => n.id);
}

/**
 * Where a run stands when it is a loop's body run: its id is its parent run's, its loop's and its item's
 * index ("<run>.<loop>.<index>", engine/loop-items.ts; store/parts/body-runs.ts applies the same rule in
 * SQL); null for any other run.
 */
export function bodyRunOf(run: {
  id: string;
  parentRunId?: string | null;
}): { runId: string; loopId: string; index: number } | null {
  const parent = run.parentRunId;
  if (!parent || !run.id.startsWith(`${parent}.`)) return null;
  const rest = run.id.slice(parent.length + 1);
  const dot = rest.lastIndexOf('.');
  const index = Number(rest.slice(dot + 1));
  if (dot <= 0 || !Number.isInteger(index) || index < 0) return null;
  return { runId: parent, loopId: rest.slice(0, dot), index };
}
