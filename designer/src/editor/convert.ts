import type { FlowDefinition, FlowEdge, FlowNode } from '../api/types.ts';
import type { CanvasEdge, CanvasNode } from './canvas-types.ts';

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

/** Definition → React Flow nodes and edges. Nodes without a saved position are placed on a grid below the others. */
export function toCanvas(def: FlowDefinition): { meta: FlowMeta; nodes: CanvasNode[]; edges: CanvasEdge[] } {
  const { nodes, edges, ...meta } = def;
  let unplaced = 0;
  const maxY = Math.max(0, ...nodes.map((n) => n.ui?.position?.y ?? 0));
  const canvasNodes = nodes.map((n): CanvasNode => {
    let position = n.ui?.position;
    if (!position) {
      position = { x: (unplaced % 4) * GRID_X, y: maxY + GRID_Y + Math.floor(unplaced / 4) * GRID_Y };
      unplaced++;
    }
    return { id: n.id, type: 'weft', position: { x: position.x, y: position.y }, data: { node: n } };
  });
  return { meta, nodes: canvasNodes, edges: edges.map(edgeToCanvas) };
}

/** React Flow state → definition. Only `ui` (position, colour, collapsed) is taken from the canvas; view state is dropped. */
export function toDefinition(meta: FlowMeta, nodes: CanvasNode[], edges: CanvasEdge[]): FlowDefinition {
  return {
    ...meta,
    nodes: nodes.map((cn): FlowNode => {
      const n = cn.data.node;
      return {
        ...n,
        id: cn.id,
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
