import type { XYPosition } from '@xyflow/react';
import { LOOP_NODE_TYPE } from '../../../shared/loop.ts';
import type { CanvasEdge, CanvasNode } from './canvas-types.ts';

/*
 * A control.loop is drawn as a container holding its body nodes (React Flow's sub-flows): a body node has
 * the loop as its parentId and a position relative to the loop's top left corner, as it is saved in the
 * definition. The container's size is view state, never saved: it is made to hold the body whenever the
 * body changes, and the analyst may make it larger.
 */

export const NODE_W = 220;
export const NODE_H = 72;
/** Room for the loop's own title row above its body. */
export const LOOP_HEAD = 64;
export const LOOP_PAD = 24;
export const LOOP_MIN = { width: 440, height: 220 };

export const isLoopType = (type: string) => type === LOOP_NODE_TYPE;
export const isLoop = (n: CanvasNode) => isLoopType(n.data.node.type);

/** A node's size on the canvas: the size set on it (a loop's), else as measured, else the usual size. */
export function sizeOf(n: CanvasNode): { width: number; height: number } {
  return {
    width: n.width ?? n.measured?.width ?? (isLoop(n) ? LOOP_MIN.width : NODE_W),
    height: n.height ?? n.measured?.height ?? (isLoop(n) ? LOOP_MIN.height : NODE_H),
  };
}

/** Where a node is in flow coordinates (a body node's position is relative to its loop). */
export function absolutePosition(n: CanvasNode, byId: Map<string, CanvasNode>): XYPosition {
  let { x, y } = n.position;
  const seen = new Set([n.id]);
  for (let p = n.parentId ? byId.get(n.parentId) : undefined; p && !seen.has(p.id); ) {
    seen.add(p.id);
    x += p.position.x;
    y += p.position.y;
    p = p.parentId ? byId.get(p.parentId) : undefined;
  }
  return { x, y };
}

function depthOf(id: string, byId: Map<string, CanvasNode>): number {
  let d = 0;
  const seen = new Set<string>();
  for (let p = byId.get(id)?.parentId; p !== undefined && !seen.has(p); p = byId.get(p)?.parentId) {
    seen.add(p);
    d++;
  }
  return d;
}

/** Whether `id` is `ancestor` or lies (through its loops) inside it. */
export function within(id: string, ancestor: string, byId: Map<string, CanvasNode>): boolean {
  const seen = new Set<string>();
  for (let at: string | undefined = id; at !== undefined && !seen.has(at); at = byId.get(at)?.parentId) {
    if (at === ancestor) return true;
    seen.add(at);
  }
  return false;
}

/** The innermost loop whose container holds point `p` (flow coordinates); never `moving` nor a loop inside it. */
export function loopAt(p: XYPosition, nodes: CanvasNode[], moving?: string): CanvasNode | undefined {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  let best: CanvasNode | undefined;
  let bestDepth = -1;
  for (const n of nodes) {
    if (!isLoop(n) || (moving !== undefined && within(n.id, moving, byId))) continue;
    const at = absolutePosition(n, byId);
    const { width, height } = sizeOf(n);
    if (p.x < at.x || p.y < at.y || p.x > at.x + width || p.y > at.y + height) continue;
    const d = depthOf(n.id, byId);
    if (d > bestDepth) [best, bestDepth] = [n, d];
  }
  return best;
}

/** Parents before their children, as React Flow needs them; otherwise in the order given. */
export function parentsFirst(nodes: CanvasNode[]): CanvasNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out: CanvasNode[] = [];
  const done = new Set<string>();
  const put = (n: CanvasNode, path: Set<string>) => {
    if (done.has(n.id) || path.has(n.id)) return;
    path.add(n.id);
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    if (parent) put(parent, path);
    done.add(n.id);
    out.push(n);
  };
  for (const n of nodes) put(n, new Set());
  return out;
}

/** Moves node `id` into loop `parentId` (undefined: out of every loop), keeping it where it is on screen. */
function reparent(nodes: CanvasNode[], id: string, parentId: string | undefined): CanvasNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const n = byId.get(id)!;
  const abs = absolutePosition(n, byId);
  const origin = parentId ? absolutePosition(byId.get(parentId)!, byId) : { x: 0, y: 0 };
  const moved: CanvasNode = { ...n, position: { x: abs.x - origin.x, y: abs.y - origin.y } };
  if (parentId) moved.parentId = parentId;
  else delete moved.parentId;
  return nodes.map((x) => (x.id === id ? moved : x));
}

/**
 * After nodes were dropped somewhere: each of `ids` (but not one whose loop moved with it) belongs to the
 * innermost loop under its centre, or to none. Returns the nodes and the ids whose loop changed.
 */
export function dropInto(nodes: CanvasNode[], ids: string[]): { nodes: CanvasNode[]; moved: string[] } {
  let out = nodes;
  const moved: string[] = [];
  const dropped = new Set(ids);
  for (const id of ids) {
    const byId = new Map(out.map((n) => [n.id, n]));
    const n = byId.get(id);
    if (!n || (n.parentId && dropped.has(n.parentId))) continue;
    const abs = absolutePosition(n, byId);
    const { width, height } = sizeOf(n);
    const target = loopAt({ x: abs.x + width / 2, y: abs.y + Math.min(height / 2, 26) }, out, id)?.id;
    if (target === n.parentId) continue;
    out = reparent(out, id, target);
    moved.push(id);
  }
  return { nodes: moved.length ? fitLoops(parentsFirst(out)) : out, moved };
}

/**
 * Keeps each loop's body inside it: body nodes are moved below the loop's title and right of its edge,
 * and the container grows to hold them (never shrinks: the analyst may have made it larger). Inner loops first.
 */
export function fitLoops(nodes: CanvasNode[]): CanvasNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const loops = nodes.filter(isLoop).sort((a, b) => depthOf(b.id, byId) - depthOf(a.id, byId));
  if (loops.length === 0) return nodes;
  for (const loop of loops) {
    let right = 0;
    let bottom = 0;
    for (const child of nodes) {
      if (child.parentId !== loop.id) continue;
      const c = byId.get(child.id)!;
      const x = Math.max(c.position.x, LOOP_PAD / 2);
      const y = Math.max(c.position.y, LOOP_HEAD);
      const placed = x === c.position.x && y === c.position.y ? c : { ...c, position: { x, y } };
      byId.set(c.id, placed);
      const { width, height } = sizeOf(placed);
      right = Math.max(right, x + width + LOOP_PAD);
      bottom = Math.max(bottom, y + height + LOOP_PAD);
    }
    const now = byId.get(loop.id)!;
    const width = Math.max(LOOP_MIN.width, now.width ?? 0, right);
    const height = Math.max(LOOP_MIN.height, now.height ?? 0, bottom);
    if (width !== now.width || height !== now.height) byId.set(loop.id, { ...now, width, height });
  }
  return nodes.map((n) => byId.get(n.id)!);
}

/** The ids of `ids` and of every node inside the loops among them. */
export function withBodies(nodes: CanvasNode[], ids: Set<string>): Set<string> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out = new Set(ids);
  for (const n of nodes) for (const id of ids) if (within(n.id, id, byId)) out.add(n.id);
  return out;
}

/** Edges that join nodes of different loop bodies (or a body and the outside), which a flow may not have. */
export function crossingEdges(nodes: CanvasNode[], edges: CanvasEdge[]): Set<string> {
  const parent = new Map(nodes.map((n) => [n.id, n.parentId]));
  return new Set(edges.filter((e) => parent.get(e.source) !== parent.get(e.target)).map((e) => e.id));
}
