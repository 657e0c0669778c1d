import type { NodePortNames } from './catalogue.ts';

/*
 * Which edges a flow may hold. The designer refuses to draw an edge these rules forbid;
 * the runtime's static check (validate and publish) reports the same as problems.
 */

/** An edge by the ports it joins. */
export interface EdgeEnds {
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

/** A node at an edge's end: its ports and whether it is a trigger. */
export interface EndNode {
  ports: NodePortNames;
  trigger: boolean;
}

/**
 * Looks a node up by id: undefined when the flow has no such node, null when it has one
 * whose kind is unknown (its ports cannot be checked).
 */
export type EndLookup = (id: string) => EndNode | null | undefined;

export interface EdgeRuleProblem {
  code: 'dangling_edge' | 'unknown_port' | 'edge_into_trigger' | 'duplicate_edge' | 'cycle';
  message: string;
  /** The node the problem is about (none when the edge names a node that does not exist). */
  nodeId?: string;
}

/** Problems of an edge's ends: nodes that exist, an output of the source, an input of a target that is no trigger. */
export function endProblems(e: EdgeEnds, nodeAt: EndLookup): EdgeRuleProblem[] {
  for (const id of [e.source, e.target])
    if (nodeAt(id) === undefined) return [{ code: 'dangling_edge', message: `node "${id}" does not exist` }];
  const out: EdgeRuleProblem[] = [];
  const src = nodeAt(e.source);
  const dst = nodeAt(e.target);
  if (src && !src.ports.outputs.includes(e.sourcePort))
    out.push({
      code: 'unknown_port',
      message: `node "${e.source}" has no output "${e.sourcePort}" (it has: ${src.ports.outputs.join(', ') || 'none'})`,
      nodeId: e.source,
    });
  if (dst?.trigger)
    out.push({
      code: 'edge_into_trigger',
      message: `"${e.target}" is a trigger: it starts the flow and takes no input`,
      nodeId: e.target,
    });
  else if (dst && !dst.ports.inputs.includes(e.targetPort))
    out.push({
      code: 'unknown_port',
      message: `node "${e.target}" has no input "${e.targetPort}" (it has: ${dst.ports.inputs.join(', ') || 'none'})`,
      nodeId: e.target,
    });
  return out;
}

/** An edge's identity by the ports it joins (not by its id): two edges with the same key are the same connection. */
export function edgeKey(e: EdgeEnds): string {
  return JSON.stringify([e.source, e.sourcePort, e.target, e.targetPort]);
}

/** Two edges joining the same ports: the target would receive the same output twice, keyed by its source. */
export function sameEnds(a: EdgeEnds, b: EdgeEnds): boolean {
  return edgeKey(a) === edgeKey(b);
}

export function duplicateProblem(e: EdgeEnds): EdgeRuleProblem {
  return {
    code: 'duplicate_edge',
    message: `output "${e.sourcePort}" of "${e.source}" is already connected to input "${e.targetPort}" of "${e.target}"`,
    nodeId: e.target,
  };
}

/** The nodes from `from` to `to` following edges (both ends included), or null when `to` cannot be reached. */
export function findPath(from: string, to: string, edges: readonly EdgeEnds[]): string[] | null {
  const cameFrom = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  while (queue.length) {
    const id = queue.shift() as string;
    if (id === to) {
      const path: string[] = [];
      for (let at: string | null = id; at !== null; at = cameFrom.get(at) ?? null) path.unshift(at);
      return path;
    }
    for (const e of edges)
      if (e.source === id && !cameFrom.has(e.target)) {
        cameFrom.set(e.target, id);
        queue.push(e.target);
      }
  }
  return null;
}

/** A loop in the flow as the nodes along it, first node repeated at the end ("a → b → a"), or null. Flows must be acyclic. */
export function findCycle(nodeIds: readonly string[], edges: readonly EdgeEnds[]): string[] | null {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    state.set(id, 'open');
    path.push(id);
    for (const to of next.get(id) ?? []) {
      if (state.get(to) === 'open') return [...path.slice(path.indexOf(to)), to];
      if (!state.has(to)) {
        const c = visit(to);
        if (c) return c;
      }
    }
    path.pop();
    state.set(id, 'done');
    return null;
  };
  for (const id of nodeIds)
    if (!state.has(id)) {
      const c = visit(id);
      if (c) return c;
    }
  return null;
}

export function cycleProblem(cycle: readonly string[]): EdgeRuleProblem {
  return {
    code: 'cycle',
    message: `the flow loops: ${cycle.join(' → ')}; flows must not contain cycles`,
    nodeId: cycle[0],
  };
}

/** Why a new edge may not join a flow that has `edges`, or null when it may: the first problem of ends, duplicates and loops. */
export function newEdgeProblem(e: EdgeEnds, nodeAt: EndLookup, edges: readonly EdgeEnds[]): EdgeRuleProblem | null {
  const [first] = endProblems(e, nodeAt);
  if (first) return first;
  if (edges.some((x) => sameEnds(x, e))) return duplicateProblem(e);
  if (e.source === e.target)
    return { code: 'cycle', message: `node "${e.source}" cannot feed itself`, nodeId: e.source };
  const back = findPath(e.target, e.source, edges);
  if (!back) return null;
  const loop = [e.source, ...back].join(' → ');
  return { code: 'cycle', message: `this edge would close a loop: ${loop}`, nodeId: e.source };
}
