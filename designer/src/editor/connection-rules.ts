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

/** Why an edge may not be drawn, or null when it may: the runtime's edge rules (shared/edge-rules.ts). */
export function connectionProblem(
  c: Proposed,
  nodes: CanvasNode[],
  edges: CanvasEdge[],
  catalogue: Map<string, NodeTypeInfo>,
): string | null {
  if (!c.source || !c.target) return 'both ends must be nodes';
  const byId = new Map(nodes.map((n) => [n.id, n.data.node]));
  const nodeAt = (id: string) => {
    const node = byId.get(id);
    if (!node) return undefined;
    const info = catalogue.get(node.type);
    return { ports: nodePorts(info, node.config), trigger: Boolean(info?.trigger) };
  };
  return newEdgeProblem(endsOf(c), nodeAt, edges.map(endsOf))?.message ?? null;
}
