import type { FlowDefinition, FlowEdge, FlowNode } from '../../shared/flow.ts';
import type { NodeDescriptor, NodePorts } from '../../nodes/define-node.ts';
import { nodePorts, routesErrors } from '../../shared/ports.ts';
import { cycleProblem, findCycle } from '../../shared/edge-rules.ts';
import { resolveRetryPolicy, type RetryPolicy } from '../../shared/retry-policy.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import { buildConfigPlan, type ConfigPlan } from './config-plan.ts';
import { describeNodeType, matchesField } from './catalogue.ts';

export type NodeLookup = (type: string, typeVersion: number) => NodeDescriptor | undefined;

export interface PlanNode {
  node: FlowNode;
  descriptor: NodeDescriptor;
  ports: NodePorts;
  config: ConfigPlan;
  retry: RetryPolicy;
  /** After the last failed attempt, leave by the "error" port instead of failing the run. */
  routeErrors: boolean;
  /** Time one attempt may take (node config stepTimeoutMs). */
  stepTimeoutMs: number | null;
  incoming: FlowEdge[];
  /** Outgoing edges grouped by source port. */
  outgoing: Map<string, FlowEdge[]>;
  isTrigger: boolean;
}

/** A definition made ready to execute: built once per published version. */
export interface FlowPlan {
  flowId: string;
  version: number | null;
  definition: FlowDefinition;
  nodes: Map<string, PlanNode>;
  /** Nodes in a topological order (for deterministic scheduling). */
  order: string[];
}

export function buildPlan(definition: FlowDefinition, version: number | null, lookup: NodeLookup): FlowPlan {
  const nodes = new Map<string, PlanNode>();
  for (const node of definition.nodes) {
    const descriptor = lookup(node.type, node.typeVersion);
    if (!descriptor)
      throw new WeftError(
        ErrorCodes.invalidFlow,
        `node "${node.id}": unknown node type ${node.type}@${node.typeVersion}`,
      );
    const info = describeNodeType(descriptor);
    const config = buildConfigPlan(node.config, descriptor.config, (p) => matchesField(info.expressionFields, p));
    const retryOverride = (node.config as { retry?: Partial<RetryPolicy> }).retry;
    nodes.set(node.id, {
      node,
      descriptor,
      ports: nodePorts(info, config.staticConfig ?? node.config),
      config,
      retry: resolveRetryPolicy(descriptor.retry, retryOverride),
      routeErrors: routesErrors(node.config, descriptor.trigger !== undefined),
      stepTimeoutMs:
        typeof (node.config as { stepTimeoutMs?: unknown }).stepTimeoutMs === 'number'
          ? (node.config as { stepTimeoutMs: number }).stepTimeoutMs
          : null,
      incoming: [],
      outgoing: new Map(),
      isTrigger: descriptor.trigger !== undefined,
    });
  }
  for (const edge of definition.edges) {
    const src = nodes.get(edge.source);
    const dst = nodes.get(edge.target);
    if (!src || !dst)
      throw new WeftError(ErrorCodes.invalidFlow, `edge "${edge.id}" connects a node that does not exist`);
    const list = src.outgoing.get(edge.sourcePort) ?? [];
    list.push(edge);
    src.outgoing.set(edge.sourcePort, list);
    dst.incoming.push(edge);
  }
  return { flowId: definition.id, version, definition, nodes, order: topoOrder(nodes) };
}

function topoOrder(nodes: Map<string, PlanNode>): string[] {
  const indeg = new Map<string, number>();
  for (const [id, n] of nodes) indeg.set(id, n.incoming.length);
  const queue = [...nodes.keys()].filter((id) => indeg.get(id) === 0);
  const out: string[] = [];
  while (queue.length) {
    const id = queue.shift()!;
    out.push(id);
    for (const edges of nodes.get(id)!.outgoing.values())
      for (const e of edges) {
        const d = indeg.get(e.target)! - 1;
        indeg.set(e.target, d);
        if (d === 0) queue.push(e.target);
      }
  }
  if (out.length !== nodes.size) {
    const edges = [...nodes.values()].flatMap((n) => n.incoming);
    const cycle = findCycle([...nodes.keys()], edges);
    throw new WeftError(ErrorCodes.invalidFlow, cycle ? cycleProblem(cycle).message : 'the flow has a cycle');
  }
  return out;
}
