import { flowDefinitionSchema, webhookRouteKey, type FlowDefinition, type FlowEdge } from '../../shared/flow.ts';
import { isExpressionString, stripLeadingEquals } from '../../shared/expression-string.ts';
import type { FlowProblem } from '../../shared/problems.ts';
import { nodePorts } from '../../shared/ports.ts';
import {
  endProblems,
  findCycle,
  edgeKey,
  duplicateProblem,
  cycleProblem,
  type EndNode,
} from '../../shared/edge-rules.ts';
import type { NodeLookup } from '../engine/plan.ts';
import { describeNodeType, matchesField } from '../engine/catalogue.ts';
import { findExpressionSlots } from '../engine/config-plan.ts';
import { checkExpressionSyntax } from '../engine/expressions.ts';
import { urlProblems } from './validate-urls.ts';
import { type FlowCheckEnv, type FlowExpression, variableProblems } from './validate-variables.ts';
import { LOOP_NODE_TYPE, loopBodyProblems } from '../../shared/loop.ts';

/** Shape check only: returns the parsed definition or the problems with their paths. */
export function parseDefinition(raw: unknown): { definition?: FlowDefinition; problems: FlowProblem[] } {
  const r = flowDefinitionSchema.safeParse(raw);
  if (r.success) return { definition: r.data, problems: [] };
  return {
    problems: r.error.issues.map((i) => ({
      severity: 'error' as const,
      code: 'schema' as const,
      message: i.message,
      path: i.path.join('.') || '(root)',
    })),
  };
}

/** The static check behind validate and publish: everything that can be known before a run. */
export function validateFlow(raw: unknown, lookup: NodeLookup, env?: FlowCheckEnv): FlowProblem[] {
  const { definition: def, problems } = parseDefinition(raw);
  if (!def) return problems;
  const out: FlowProblem[] = [];
  const nodes = new Map<string, EndNode & { failsUnconnected?: Record<string, string> }>();
  const expressions: FlowExpression[] = [];

  for (const setting of ['orderingKey', 'businessKey'] as const) {
    const source = def.settings[setting];
    if (source) expressions.push({ path: `settings.${setting}`, source: stripLeadingEquals(source) });
    const p = source ? checkExpressionSyntax(stripLeadingEquals(source)) : null;
    if (p)
      out.push({
        severity: 'error',
        code: 'expression_syntax',
        message: `${setting}: ${p.message}`,
        path: `settings.${setting}`,
        position: p.position,
      });
  }

  const seen = new Set<string>();
  for (const n of def.nodes) {
    if (seen.has(n.id))
      out.push({ severity: 'error', code: 'duplicate_id', message: `two nodes have the id "${n.id}"`, nodeId: n.id });
    seen.add(n.id);
    const d = lookup(n.type, n.typeVersion);
    if (!d) {
      out.push({
        severity: 'error',
        code: 'unknown_type',
        message: `unknown node type ${n.type}@${n.typeVersion}`,
        nodeId: n.id,
        path: 'type',
      });
      continue;
    }
    const info = describeNodeType(d);
    const isAlways = (p: (string | number)[]) => matchesField(info.expressionFields, p);
    for (const slot of findExpressionSlots(n.config, isAlways)) {
      if (slot.path[0] === 'retry') continue;
      expressions.push({ nodeId: n.id, path: `config.${slot.path.join('.')}`, source: slot.source });
      const p = checkExpressionSyntax(slot.source);
      if (p)
        out.push({
          severity: 'error',
          code: 'expression_syntax',
          message: p.message,
          nodeId: n.id,
          path: `config.${slot.path.join('.')}`,
          position: p.position,
        });
    }
    for (const field of alwaysExpressionValues(n.config, isAlways)) {
      expressions.push({ nodeId: n.id, path: `config.${field.path.join('.')}`, source: field.source });
      const p = checkExpressionSyntax(field.source);
      if (p)
        out.push({
          severity: 'error',
          code: 'expression_syntax',
          message: p.message,
          nodeId: n.id,
          path: `config.${field.path.join('.')}`,
          position: p.position,
        });
    }
    out.push(...urlProblems(n, d));
    for (const f of d.check?.(n.config, env) ?? [])
      out.push({
        severity: f.severity,
        code: 'invalid_config',
        message: f.message,
        nodeId: n.id,
        path: `config.${f.field}`,
      });
    const parsed = d.config.safeParse(n.config);
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        if (valueAtIsExpression(n.config, i.path as (string | number)[])) continue;
        out.push({
          severity: 'error',
          code: 'invalid_config',
          message: configMessage(i),
          nodeId: n.id,
          path: `config.${i.path.join('.')}`.replace(/\.$/, ''),
        });
      }
    }
    nodes.set(n.id, {
      ports: nodePorts(info, n.config),
      trigger: d.trigger !== undefined,
      failsUnconnected: d.failsUnconnected,
    });
  }

  const edgeIds = new Set<string>();
  const joined = new Set<string>();
  const adj = new Map<string, string[]>();
  const linked: FlowEdge[] = [];
  const ids = new Set(def.nodes.map((n) => n.id));
  const nodeAt = (id: string) => (ids.has(id) ? (nodes.get(id) ?? null) : undefined);
  for (const e of def.edges) {
    if (edgeIds.has(e.id))
      out.push({ severity: 'error', code: 'duplicate_id', message: `two edges have the id "${e.id}"`, edgeId: e.id });
    edgeIds.add(e.id);
    const ends = endProblems(e, nodeAt);
    if (joined.has(edgeKey(e))) ends.push(duplicateProblem(e));
    joined.add(edgeKey(e));
    for (const p of ends)
      out.push({
        severity: 'error',
        code: p.code,
        message: `edge "${e.id}": ${p.message}`,
        edgeId: e.id,
        nodeId: p.nodeId,
      });
    if (ends.some((p) => p.code === 'dangling_edge')) continue;
    adj.set(e.source, [...(adj.get(e.source) ?? []), e.target]);
    linked.push(e);
  }

  for (const p of loopBodyProblems(def.nodes, def.edges))
    out.push({ severity: 'error', code: 'loop_body', message: p.message, nodeId: p.nodeId, edgeId: p.edgeId });
  for (const n of def.nodes) {
    if (n.parentId !== undefined && nodes.get(n.id)?.trigger)
      out.push({
        severity: 'error',
        code: 'loop_body',
        message: `node "${n.id}" is a trigger; a loop body starts from its loop, with each item`,
        nodeId: n.id,
      });
    if (n.type === LOOP_NODE_TYPE && !def.nodes.some((m) => m.parentId === n.id))
      out.push({
        severity: 'warning',
        code: 'loop_body',
        message: `loop "${n.id}" has no body: put the nodes to run for each item inside it`,
        nodeId: n.id,
      });
  }

  const triggers = def.nodes.filter((n) => nodes.get(n.id)?.trigger).map((n) => n.id);
  if (triggers.length === 0)
    out.push({
      severity: 'error',
      code: 'no_trigger',
      message: 'the flow has no trigger node; add a webhook, schedule or manual trigger',
    });
  const reached = new Set<string>();
  const stack = [...triggers];
  while (stack.length) {
    const id = stack.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    stack.push(...(adj.get(id) ?? []));
  }
  if (triggers.length > 0)
    for (const n of def.nodes)
      if (!reached.has(n.id) && nodes.has(n.id) && n.parentId === undefined)
        out.push({
          severity: 'warning',
          code: 'unreachable',
          message: `node "${n.id}" cannot be reached from any trigger`,
          nodeId: n.id,
        });

  const cycle = findCycle([...ids], linked);
  if (cycle) out.push({ severity: 'error', ...cycleProblem(cycle) });

  for (const [id, n] of nodes)
    for (const [port, message] of Object.entries(n.failsUnconnected ?? {}))
      if (!def.edges.some((e) => e.source === id && e.sourcePort === port))
        out.push({ severity: 'warning', code: 'unconnected_output', message, nodeId: id });

  out.push(...duplicateWebhooks(def, lookup));
  out.push(...variableProblems(expressions, env?.variable));
  return out;
}

function* alwaysExpressionValues(
  config: unknown,
  isAlways: (p: (string | number)[]) => boolean,
  path: (string | number)[] = [],
): Generator<{ path: (string | number)[]; source: string }> {
  if (path.length > 0 && isAlways(path)) {
    if (typeof config === 'string') yield { path, source: stripLeadingEquals(config) };
    return;
  }
  if (Array.isArray(config))
    for (let i = 0; i < config.length; i++) yield* alwaysExpressionValues(config[i], isAlways, [...path, i]);
  else if (config && typeof config === 'object')
    for (const [k, v] of Object.entries(config)) yield* alwaysExpressionValues(v, isAlways, [...path, k]);
}

function valueAtIsExpression(config: unknown, path: (string | number)[]): boolean {
  let cur: unknown = config;
  for (const seg of path) {
    if (isExpressionString(cur)) return true;
    if (cur === null || typeof cur !== 'object') return false;
    cur = (cur as Record<string | number, unknown>)[seg as string];
  }
  return isExpressionString(cur);
}

function duplicateWebhooks(def: FlowDefinition, lookup: NodeLookup): FlowProblem[] {
  const seen = new Map<string, string>();
  const out: FlowProblem[] = [];
  for (const n of def.nodes) {
    if (lookup(n.type, n.typeVersion)?.trigger !== 'webhook') continue;
    const key = webhookRouteKey(n.config);
    const other = seen.get(key);
    if (other)
      out.push({
        severity: 'error',
        code: 'duplicate_webhook',
        message: `nodes "${other}" and "${n.id}" both listen on ${key}`,
        nodeId: n.id,
        path: 'config.path',
      });
    seen.set(key, n.id);
  }
  return out;
}

/** A config issue in words an analyst reads: a missing field says which one is required. */
function configMessage(i: { code: string; message: string; path: PropertyKey[] }): string {
  const field = i.path.map(String).join('.');
  if (i.code === 'invalid_type' && /received undefined$/.test(i.message) && field) return `${field} is required`;
  return field ? `${field}: ${i.message}` : i.message;
}
