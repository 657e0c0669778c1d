import type { NodePortNames, NodeTypeInfo } from './catalogue.ts';

/** The output a node gains when its config routes failures there (onError: "route"). */
export const ERROR_PORT = 'error';

/** Ports of a node whose kind is unknown: one input, one output. */
const UNKNOWN_KIND: NodePortNames = { inputs: ['in'], outputs: ['out'] };

/** What the port rules need of a node kind: its catalogue entry (GET /api/node-types). */
export type PortsOfKind = Pick<NodeTypeInfo, 'ports' | 'trigger' | 'portsFromConfig'>;

/** True when a node leaves by ERROR_PORT after its last failed attempt instead of failing the run; never a trigger. */
export function routesErrors(config: unknown, isTrigger: boolean): boolean {
  return !isTrigger && (config as { onError?: unknown } | null)?.onError === 'route';
}

/** The ports with ERROR_PORT added when the config routes errors. */
export function withErrorPort(ports: NodePortNames, config: unknown, isTrigger: boolean): NodePortNames {
  if (!routesErrors(config, isTrigger) || ports.outputs.includes(ERROR_PORT)) return ports;
  return { inputs: ports.inputs, outputs: [...ports.outputs, ERROR_PORT] };
}

function valuesAt(value: unknown, path: readonly string[]): unknown[] {
  if (path.length === 0) return [value];
  const [head, ...rest] = path;
  if (head === '*') return Array.isArray(value) ? value.flatMap((v) => valuesAt(v, rest)) : [];
  if (value && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, head))
    return valuesAt((value as Record<string, unknown>)[head], rest);
  return [];
}

/**
 * The ports of a node of kind `kind` with `config`: the outputs its config names (a switch's
 * cases, in order, blanks and repeats dropped) before the kind's static outputs, then ERROR_PORT
 * when the config routes errors. Tolerates any config shape (drafts are edited before they are valid).
 */
export function nodePorts(kind: PortsOfKind | undefined, config: unknown): NodePortNames {
  if (!kind) return UNKNOWN_KIND;
  const named = kind.portsFromConfig
    ? valuesAt(config, kind.portsFromConfig).filter((p): p is string => typeof p === 'string' && p !== '')
    : [];
  const ports = { inputs: kind.ports.inputs, outputs: [...new Set([...named, ...kind.ports.outputs])] };
  return withErrorPort(ports, config, kind.trigger !== null);
}
