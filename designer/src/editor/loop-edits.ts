import type { CanvasEdge, CanvasNode } from './canvas-types.ts';
import { absolutePosition, crossingEdges, dropInto, fitLoops, loopAt, parentsFirst } from './loop-container.ts';

/**
 * A node added with its top left at `position` (flow coordinates) goes into the innermost loop under its
 * title, positioned relative to it; the loop grows to hold it (a new loop gets its container's size).
 */
export function addPlaced(nodes: CanvasNode[], cn: CanvasNode): CanvasNode[] {
  const p = cn.position;
  const loop = loopAt({ x: p.x + 100, y: p.y + 26 }, nodes);
  if (!loop) return fitLoops([...nodes, cn]);
  const origin = absolutePosition(loop, new Map(nodes.map((n) => [n.id, n])));
  const placed: CanvasNode = { ...cn, parentId: loop.id, position: { x: p.x - origin.x, y: p.y - origin.y } };
  return fitLoops(parentsFirst([...nodes, placed]));
}

/**
 * After nodes were dragged and dropped: each belongs to the loop it was dropped in (or to none), and edges
 * that would then cross a loop's boundary are removed, which the notice tells.
 */
export function afterDrop(
  nodes: CanvasNode[],
  edges: CanvasEdge[],
  dropped: string[],
): { nodes: CanvasNode[]; edges: CanvasEdge[]; notice: string | null } {
  const r = dropInto(nodes, dropped);
  if (r.moved.length === 0) return { nodes: fitLoops(nodes), edges, notice: null };
  const crossing = crossingEdges(r.nodes, edges);
  if (crossing.size === 0) return { nodes: r.nodes, edges, notice: null };
  const names = r.moved.map((id) => {
    const n = r.nodes.find((x) => x.id === id)!.data.node;
    return `“${n.name || n.id}”`;
  });
  return {
    nodes: r.nodes,
    edges: edges.filter((e) => !crossing.has(e.id)),
    notice: `${crossing.size === 1 ? '1 edge' : `${crossing.size} edges`} of ${names.join(', ')} removed: edges stay inside one loop body (Undo brings them back)`,
  };
}
