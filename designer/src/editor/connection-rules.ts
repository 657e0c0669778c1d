import type { NodeTypeInfo } from '../api/types.ts';
import type { CanvasEdge, CanvasNode } from './canvas-types.ts';
import { nodePorts } from '../../../shared/ports.ts';
import { newEdgeProblem, type EdgeEnds } from '../../../shared/edge-rules.ts';

export interface Proposed {
  source: string | null;
  target: string | null;
  sourceHandle?: string | null;
  targetHandle?: string | null;
}

const endsOf = (e: Proposed | CanvasEdge): EdgeEnds => ({
  source: e.source ?? '',
  sourcePort: e.sourceHandle ?? 'out',
  target: e.target ?? '',
  targetPort: e.targetHandle ?? 'in',
});

/**
 * An edge stays inside one loop body (or outside every loop), as the runtime's loop rules say
 * (shared/loop.ts): a loop's body starts at its nodes without an incoming edge.
 */
function bodyProblem(source: string, target: string, nodes: CanvasNode[]): string | null {
  const s = nodes.find((n) => n.id === source);
  const t = nodes.find((n) => n.id === target);
  if (!s || !t || s.parentId === t.parentId) return null;
  const where = (n: CanvasNode) => {
    const loop = n.parentId && nodes.find((x) => x.id === n.parentId);
    return loop ? `inside loop “${loop.data.node.name || loop.id}”` : 'outside any loop';
  };
  const name = (n: CanvasNode) => `“${n.data.node.name || n.id}”`;
  return `${name(s)} is ${where(s)} and ${name(t)} is ${where(t)}; edges stay inside one loop body`;
}

/** Why an edge may not be drawn, or null when it may: the runtime's edge rules (shared/edge-rules.ts) and loop bodies. */
export function connectionProblem(
  c: Proposed,
  nodes: CanvasNode[],
  edges: CanvasEdge[],
  catalogue: Map<string, NodeTypeInfo>,
): string | null {
  if (!c.source || !c.target) return 'both ends must be nodes';
  const body = bodyProblem(c.source, c.target, nodes);
  if (body) return body;
  const byId = new Map(nodes.map((n) => [n.id, n.data.node]));
  const nodeAt = (id: string) => {
    const node = byId.get(id);
    if (!node) return undefined;
    const info = catalogue.get(node.type);
    return { ports: nodePorts(info, node.config), trigger: Boolean(info?.trigger) };
  };
  return newEdgeProblem(endsOf(c), nodeAt, edges.map(endsOf))?.message ?? null;
}
