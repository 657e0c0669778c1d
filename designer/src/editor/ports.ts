import type { FlowNode, NodeTypeInfo } from '../api/types.ts';

function valuesAt(value: unknown, path: string[]): unknown[] {
  if (path.length === 0) return [value];
  const [head, ...rest] = path;
  if (head === '*') return Array.isArray(value) ? value.flatMap((v) => valuesAt(v, rest)) : [];
  if (value && typeof value === 'object' && !Array.isArray(value))
    return valuesAt((value as Record<string, unknown>)[head], rest);
  return [];
}

/** Output ports of a node as the runtime computes them: config-named ports (e.g. switch cases) first, then the static ones. */
export function outputsOf(node: Pick<FlowNode, 'config'>, info: NodeTypeInfo | undefined): string[] {
  if (!info) return ['out'];
  const fromConfig = info.portsFromConfig
    ? valuesAt(node.config, info.portsFromConfig).filter((p): p is string => typeof p === 'string' && p !== '')
    : [];
  // Any non-trigger node set to route its failures gains the "error" output.
  const onError = !info.trigger && node.config.onError === 'route' ? [ERROR_PORT] : [];
  return [...new Set([...fromConfig, ...info.ports.outputs, ...onError])];
}

export const ERROR_PORT = 'error';

export function inputsOf(info: NodeTypeInfo | undefined): string[] {
  return info ? info.ports.inputs : ['in'];
}
