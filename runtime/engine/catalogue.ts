import { z } from 'zod';
import type { NodeDescriptor, NodePorts } from '../../nodes/define-node.ts';
import type { NodeTypeInfo } from '../../shared/catalogue.ts';

export type { NodeTypeInfo };
import { EXPRESSION_META } from '../../shared/flow.ts';

const infoCache = new WeakMap<NodeDescriptor, NodeTypeInfo>();

export function describeNodeType(d: NodeDescriptor): NodeTypeInfo {
  let info = infoCache.get(d);
  if (info) return info;
  const configSchema = z.toJSONSchema(d.config, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const dynamic = typeof d.ports === 'function';
  let ports: NodePorts = { inputs: [], outputs: [] };
  if (!dynamic) ports = d.ports as NodePorts;
  else {
    try {
      ports = (d.ports as (c: unknown) => NodePorts)({});
    } catch {
      ports = { inputs: ['in'], outputs: [] };
    }
  }
  info = {
    type: d.type,
    typeVersion: d.typeVersion,
    title: d.title,
    category: d.category,
    description: d.description,
    trigger: d.trigger ?? null,
    ports,
    dynamicPorts: dynamic,
    portsFromConfig: d.portsFromConfig ?? null,
    configSchema,
    expressionFields: findExpressionFields(configSchema),
    retry: d.retry,
    recorded: d.recorded === true,
  };
  infoCache.set(d, info);
  return info;
}

function findExpressionFields(schema: Record<string, unknown>): string[][] {
  const out: string[][] = [];
  const walk = (s: unknown, path: string[], depth: number) => {
    if (!s || typeof s !== 'object' || depth > 12) return;
    const node = s as Record<string, unknown>;
    if (node[EXPRESSION_META] === true) {
      out.push(path);
      return;
    }
    if (node.properties && typeof node.properties === 'object')
      for (const [k, v] of Object.entries(node.properties as Record<string, unknown>)) walk(v, [...path, k], depth + 1);
    if (node.items) walk(node.items, [...path, '*'], depth + 1);
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const)
      if (Array.isArray(node[key])) for (const v of node[key] as unknown[]) walk(v, path, depth + 1);
  };
  walk(schema, [], 0);
  return out;
}

/** True when `path` (numbers for array indexes) matches one of the patterns. */
export function matchesField(patterns: string[][], path: (string | number)[]): boolean {
  return patterns.some(
    (p) =>
      p.length === path.length &&
      p.every((seg, i) => (seg === '*' ? typeof path[i] === 'number' : seg === String(path[i]))),
  );
}
