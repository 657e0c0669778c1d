import type { FlowDefinition, FlowEdge, FlowNode } from '../api/types.ts';
import type { CanvasEdge, CanvasNode } from './canvas-types.ts';
import { fitLoops, isLoopType, LOOP_HEAD, LOOP_PAD, parentsFirst } from './loop-container.ts';

/** Everything of a definition except its nodes and edges. */
export type FlowMeta = Omit<FlowDefinition, 'nodes' | 'edges'>;

const GRID_X = 260;
const GRID_Y = 140;

export function edgeToCanvas(e: FlowEdge): CanvasEdge {
  return {
    id: e.id,
    source: e.source,
    target: e.target,
    sourceHandle: e.sourcePort,
    targetHandle: e.targetPort,
    label: e.sourcePort === 'out' ? undefined : e.sourcePort,
  };
}

/**
 * Definition → React Flow nodes and edges. Nodes without a saved position are placed on a grid below the
 * others (inside their loop for a loop's body). A control.loop becomes a container ('loop') holding the
 * nodes whose parentId names it, positioned relative to it; the container is sized to hold them.
 */
export function toCanvas(def: FlowDefinition): { meta: FlowMeta; nodes: CanvasNode[]; edges: CanvasEdge[] } {
  const { nodes, edges, ...meta } = def;
  const loops = new Set(nodes.filter((n) => isLoopType(n.type)).map((n) => n.id));
  const inLoop = (n: FlowNode) => (n.parentId !== undefined && loops.has(n.parentId) ? n.parentId : undefined);
  const unplaced = new Map<string | undefined, number>();
  const maxY = Math.max(0, ...nodes.filter((n) => !inLoop(n)).map((n) => n.ui?.position?.y ?? 0));
  const canvasNodes = nodes.map((n): CanvasNode => {
    const parentId = inLoop(n);
    let position = n.ui?.position;
    if (!position) {
      const i = unplaced.get(parentId) ?? 0;
      unplaced.set(parentId, i + 1);
      position = parentId
        ? { x: LOOP_PAD + (i % 2) * GRID_X, y: LOOP_HEAD + Math.floor(i / 2) * GRID_Y }
        : { x: (i % 4) * GRID_X, y: maxY + GRID_Y + Math.floor(i / 4) * GRID_Y };
    }
    // A parentId naming no loop stays in the node as it was (the static check reports it).
    const { parentId: _drawn, ...drawn } = n;
    const node = parentId ? drawn : n;
    return {
      id: n.id,
      type: isLoopType(n.type) ? 'loop' : 'weft',
      position: { x: position.x, y: position.y },
      data: { node },
      ...(parentId ? { parentId } : {}),
    };
  });
  return { meta, nodes: fitLoops(parentsFirst(canvasNodes)), edges: edges.map(edgeToCanvas) };
}

/**
 * React Flow state → definition. Only `ui` (position, colour, collapsed) is taken from the canvas, and a
 * body node's parentId (its position is relative to its loop); view state, a loop's size included, is dropped.
 */
export function toDefinition(meta: FlowMeta, nodes: CanvasNode[], edges: CanvasEdge[]): FlowDefinition {
  return {
    ...meta,
    nodes: nodes.map((cn): FlowNode => {
      const n = cn.data.node;
      const parentId = cn.parentId ?? n.parentId;
      return {
        ...n,
        id: cn.id,
        ...(parentId ? { parentId } : {}),
        ui: { ...n.ui, position: { x: Math.round(cn.position.x), y: Math.round(cn.position.y) } },
      };
    }),
    edges: edges.map(
      (e): FlowEdge => ({
        id: e.id,
        source: e.source,
        sourcePort: e.sourceHandle ?? 'out',
        target: e.target,
        targetPort: e.targetHandle ?? 'in',
      }),
    ),
  };
}

/** A node id that is readable in expressions ($steps.create_project) and unique in the flow. */
export function newNodeId(base: string, taken: Set<string>): string {
  const slug =
    base
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 40) || 'node';
  if (!taken.has(slug)) return slug;
  for (let i = 2; ; i++) if (!taken.has(`${slug}_${i}`)) return `${slug}_${i}`;
}

export function newEdgeId(source: string, port: string, target: string, taken: Set<string>): string {
  return newNodeId(`${source}_${port}_${target}`, taken);
}
