import type { NodeTypeInfo } from '../api/types.ts';
import type { CanvasEdge, CanvasNode } from './canvas-types.ts';
import { inputsOf, outputsOf } from './ports.ts';

export interface Proposed {
  source: string | null;
  target: string | null;
  sourceHandle?: string | null;
  targetHandle?: string | null;
}

/** Why an edge may not be drawn, or null when it may. Mirrors the runtime's static check. */
export function connectionProblem(
  c: Proposed,
  nodes: CanvasNode[],
  edges: CanvasEdge[],
  catalogue: Map<string, NodeTypeInfo>,
): string | null {
  const source = nodes.find((n) => n.id === c.source);
  const target = nodes.find((n) => n.id === c.target);
  if (!source || !target) return 'both ends must be nodes';
  if (source.id === target.id) return 'a node cannot feed itself';
  const targetInfo = catalogue.get(target.data.node.type);
  if (targetInfo?.trigger) return 'a trigger starts the flow and takes no input';
  const port = c.sourceHandle ?? 'out';
  if (!outputsOf(source.data.node, catalogue.get(source.data.node.type)).includes(port))
    return `"${source.id}" has no output "${port}"`;
  const inPort = c.targetHandle ?? 'in';
  if (!inputsOf(targetInfo).includes(inPort)) return `"${target.id}" has no input "${inPort}"`;
  if (edges.some((e) => e.source === source.id && (e.sourceHandle ?? 'out') === port && e.target === target.id))
    return 'these ports are already connected';
  if (reaches(target.id, source.id, edges)) return 'this edge would close a loop';
  return null;
}

function reaches(from: string, to: string, edges: CanvasEdge[]): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of edges) if (e.source === id) stack.push(e.target);
  }
  return false;
}
