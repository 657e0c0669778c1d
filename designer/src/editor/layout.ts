import dagre from '@dagrejs/dagre';
import type { CanvasEdge, CanvasNode } from './canvas-types.ts';
import { isLoop, LOOP_HEAD, LOOP_MIN, LOOP_PAD, sizeOf } from './loop-container.ts';

/**
 * Left-to-right layered layout; returns nodes with new positions. Each loop's body is laid out inside
 * its container first (positions relative to the loop), which is then sized to hold it and laid out with
 * the nodes around it.
 */
export function autoLayout(nodes: CanvasNode[], edges: CanvasEdge[]): CanvasNode[] {
  const placed = new Map<string, CanvasNode>();
  const layoutLevel = (parentId: string | undefined, origin: { x: number; y: number }) => {
    const level = nodes.filter((n) => n.parentId === parentId);
    // Bodies first: a loop's size is known only once its body is placed.
    for (const n of level) if (isLoop(n)) layoutLevel(n.id, { x: LOOP_PAD, y: LOOP_HEAD });
    const g = new dagre.graphlib.Graph();
    g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 80, marginx: 20, marginy: 20 });
    g.setDefaultEdgeLabel(() => ({}));
    const size = (n: CanvasNode) => sizeOf(placed.get(n.id) ?? n);
    for (const n of level) g.setNode(n.id, size(n));
    for (const e of edges) if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
    dagre.layout(g);
    let right = 0;
    let bottom = 0;
    for (const n of level) {
      const p = g.node(n.id);
      const { width, height } = size(n);
      const x = Math.round(origin.x + p.x - width / 2 - 20);
      const y = Math.round(origin.y + p.y - height / 2 - 20);
      placed.set(n.id, { ...(placed.get(n.id) ?? n), position: { x, y } });
      right = Math.max(right, x + width);
      bottom = Math.max(bottom, y + height);
    }
    if (parentId !== undefined) {
      const loop = nodes.find((n) => n.id === parentId)!;
      placed.set(parentId, {
        ...(placed.get(parentId) ?? loop),
        width: Math.max(LOOP_MIN.width, right + LOOP_PAD),
        height: Math.max(LOOP_MIN.height, bottom + LOOP_PAD),
      });
    }
  };
  layoutLevel(undefined, { x: 20, y: 20 });
  return nodes.map((n) => placed.get(n.id) ?? n);
}
