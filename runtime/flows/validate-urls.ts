import jsonata from 'jsonata';
import type { NodeDescriptor } from '../../nodes/define-node.ts';
import type { FlowProblem } from '../../shared/problems.ts';
import { isExpressionString, stripLeadingEquals, unescapeLiteral } from '../../shared/expression-string.ts';
import { describeNodeType } from '../engine/catalogue.ts';
import { isMetadataHost } from '../engine/egress-ranges.ts';

/** Marks a config field that holds a request URL (set with `.meta()` in a node's config schema). */
export const URL_META = 'x-weft-url';

const fieldsCache = new WeakMap<NodeDescriptor, string[][]>();

/** Paths of the URL fields of a node kind, from its config schema. */
function urlFields(d: NodeDescriptor): string[][] {
  let out = fieldsCache.get(d);
  if (out) return out;
  out = [];
  const walk = (s: unknown, path: string[], depth: number) => {
    if (!s || typeof s !== 'object' || depth > 8) return;
    const node = s as Record<string, unknown>;
    if (node[URL_META] === true) out!.push(path);
    if (node.properties && typeof node.properties === 'object')
      for (const [k, v] of Object.entries(node.properties as Record<string, unknown>)) walk(v, [...path, k], depth + 1);
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const)
      if (Array.isArray(node[key])) for (const v of node[key] as unknown[]) walk(v, path, depth + 1);
  };
  walk(describeNodeType(d).configSchema, [], 0);
  fieldsCache.set(d, out);
  return out;
}

type Part = { text: string } | { value: true };

/** The operands of a chain of `&` (string concatenation), in order; null when the expression does not parse. */
function concatParts(source: string): Part[] | null {
  let ast: unknown;
  try {
    ast = jsonata(source).ast();
  } catch {
    return null;
  }
  const flat = (n: { type?: string; value?: unknown; lhs?: unknown; rhs?: unknown }): Part[] =>
    n.type === 'binary' && n.value === '&'
      ? [...flat(n.lhs as never), ...flat(n.rhs as never)]
      : n.type === 'string'
        ? [{ text: String(n.value) }]
        : [{ value: true }];
  return flat(ast as never);
}

/** True when text written before a value puts the value into the path: after the authority (or a leading "/"), before any "?" or "#". */
const inPath = (before: string) =>
  !/[?#]/.test(before) && (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*\//i.test(before) || before.startsWith('/'));

const metadataProblem = (nodeId: string, path: string, host: string): FlowProblem => ({
  severity: 'error',
  code: 'blocked_url',
  nodeId,
  path,
  message: `${host} is a cloud metadata service (instance credentials are served there); connectors may not call it`,
});

/**
 * The URL findings of one node: a fixed URL (or the fixed start of a URL expression) naming a cloud
 * metadata address is an error; an expression that joins values into the path with `&` is a warning,
 * since a value such as "../admin" or "x?y=" would change which resource is called.
 */
export function urlProblems(node: { id: string; config: unknown }, d: NodeDescriptor): FlowProblem[] {
  const out: FlowProblem[] = [];
  for (const field of urlFields(d)) {
    let value: unknown = node.config;
    for (const k of field)
      value = value && typeof value === 'object' ? (value as Record<string, unknown>)[k] : undefined;
    if (typeof value !== 'string') continue;
    const path = `config.${field.join('.')}`;
    if (!isExpressionString(value)) {
      const url = unescapeLiteral(value);
      if (URL.canParse(url) && isMetadataHost(new URL(url).hostname))
        out.push(metadataProblem(node.id, path, new URL(url).hostname));
      continue;
    }
    const parts = concatParts(stripLeadingEquals(value));
    if (!parts) continue;
    let before = '';
    for (const part of parts) {
      if ('text' in part) {
        before += part.text;
        continue;
      }
      if (before === '') break; // the whole URL comes from data
      if (URL.canParse(before) && isMetadataHost(new URL(before).hostname))
        out.push(metadataProblem(node.id, path, new URL(before).hostname));
      else if (inPath(before))
        out.push({
          severity: 'warning',
          code: 'url_path_concatenation',
          nodeId: node.id,
          path,
          message:
            'the URL expression joins a value into the path with &: a value such as "../admin" or "x?y=" would change which resource is called. Write a {name} placeholder in the URL and give the value in pathParams, where it is encoded',
        });
      break;
    }
  }
  return out;
}
