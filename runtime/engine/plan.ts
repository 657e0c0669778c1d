import type { FlowDefinition, FlowEdge, FlowNode } from '../../shared/flow.ts';
import type { NodeDescriptor, NodePorts } from '../../nodes/define-node.ts';
import { nodePorts, routesErrors } from '../../shared/ports.ts';
import { cycleProblem, findCycle } from '../../shared/edge-rules.ts';
import { NO_RETRY, resolveRetryPolicy, type RetryPolicy } from '../../shared/retry-policy.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import { LOOP_NODE_TYPE } from '../../shared/loop.ts';
import { z } from 'zod';
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
  /** For the body of a control.loop: that loop's id, which is also the id of the body's entry (its trigger). */
  loopId: string | null;
  /** The body of every control.loop of the flow (nested ones too), by loop id; one map shared by all plans of a version. */
  bodies: Map<string, FlowPlan>;
}

/**
 * Builds the plan of a definition: its top-level nodes (those in no loop body), and a plan for the
 * body of each control.loop (loops.ts runs one per item or batch).
 */
export function buildPlan(definition: FlowDefinition, version: number | null, lookup: NodeLookup): FlowPlan {
  const bodies = new Map<string, FlowPlan>();
  const levels = new Map<string | null, FlowNode[]>();
  for (const node of definition.nodes) {
    const level = node.parentId ?? null;
    levels.set(level, [...(levels.get(level) ?? []), node]);
  }
  const build = (loopId: string | null): FlowPlan => {
    const nodes = new Map<string, PlanNode>();
    if (loopId !== null) nodes.set(loopId, loopEntry(definition, loopId));
    for (const node of levels.get(loopId) ?? []) nodes.set(node.id, planNode(node, lookup));
    const levelOf = new Map(definition.nodes.map((n) => [n.id, n.parentId ?? null]));
    for (const edge of definition.edges) {
      const [from, to] = [levelOf.get(edge.source), levelOf.get(edge.target)];
      if (from === undefined || to === undefined)
        throw new WeftError(ErrorCodes.invalidFlow, `edge "${edge.id}" connects a node that does not exist`);
      if (from !== to)
        throw new WeftError(ErrorCodes.invalidFlow, `edge "${edge.id}" crosses the boundary of a loop body`);
      if (from === loopId) link(nodes, edge);
    }
    if (loopId !== null)
      for (const [id, pn] of nodes)
        if (id !== loopId && pn.incoming.length === 0)
          link(nodes, { id: `${loopId}>${id}`, source: loopId, sourcePort: 'out', target: id, targetPort: 'in' });
    const plan: FlowPlan = {
      flowId: definition.id,
      version,
      definition,
      nodes,
      order: topoOrder(nodes),
      loopId,
      bodies,
    };
    for (const [id, pn] of nodes) if (id !== loopId && pn.node.type === LOOP_NODE_TYPE) bodies.set(id, build(id));
    return plan;
  };
  return build(null);
}

function planNode(node: FlowNode, lookup: NodeLookup): PlanNode {
  const descriptor = lookup(node.type, node.typeVersion);
  if (!descriptor)
    throw new WeftError(
      ErrorCodes.invalidFlow,
      `node "${node.id}": unknown node type ${node.type}@${node.typeVersion}`,
    );
  const info = describeNodeType(descriptor);
  const config = buildConfigPlan(node.config, descriptor.config, (p) => matchesField(info.expressionFields, p));
  const retryOverride = (node.config as { retry?: Partial<RetryPolicy> }).retry;
  return {
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
  };
}

function link(nodes: Map<string, PlanNode>, edge: FlowEdge): void {
  const src = nodes.get(edge.source)!;
  const list = src.outgoing.get(edge.sourcePort) ?? [];
  list.push(edge);
  src.outgoing.set(edge.sourcePort, list);
  nodes.get(edge.target)!.incoming.push(edge);
}

/**
 * The entry of a loop body: the trigger of each body run, named as the loop. It passes on what the loop
 * hands the body ({ item, index } or { items, index }) to every body node no body edge leads into.
 */
function loopEntry(definition: FlowDefinition, loopId: string): PlanNode {
  const node = definition.nodes.find((n) => n.id === loopId)!;
  const config = z.object({}).passthrough();
  return {
    node,
    descriptor: {
      type: LOOP_ENTRY_TYPE,
      typeVersion: 1,
      title: 'Loop item',
      category: 'trigger',
      description: 'The item (or batch of items) a loop hands its body.',
      ports: { inputs: [], outputs: ['out'] },
      config,
      retry: NO_RETRY,
      trigger: 'manual',
      execute: (_ctx, input) => (input as { body?: unknown } | null)?.body ?? null,
    },
    ports: { inputs: [], outputs: ['out'] },
    config: { staticConfig: {}, slots: [], schema: config },
    retry: NO_RETRY,
    routeErrors: false,
    stepTimeoutMs: null,
    incoming: [],
    outgoing: new Map(),
    isTrigger: true,
  };
}

/** The descriptor type of a loop body's entry (never a node kind of the catalogue). */
export const LOOP_ENTRY_TYPE = 'control.loop-item';

/** The plan a run executes: its flow's, or, for a run of a loop body (started from `triggerNode`, the loop), that body's. */
export function planOfRun(plan: FlowPlan, triggerNode: string): FlowPlan {
  if (plan.nodes.get(triggerNode)?.isTrigger) return plan;
  const body = plan.bodies.get(triggerNode);
  if (!body) throw new WeftError(ErrorCodes.invalidFlow, `flow ${plan.flowId} has no trigger or loop "${triggerNode}"`);
  return body;
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
