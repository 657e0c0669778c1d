import type { FlowDefinitionInput } from '../../shared/flow.ts';

type Node = FlowDefinitionInput['nodes'][number];
type Edge = FlowDefinitionInput['edges'][number];

/** Node builders: `[type, config]`, named by the key they get in `flow()`. */
export const n = {
  manual: () => ({ type: 'trigger.manual', config: {} }),
  webhook: (path: string, extra: Record<string, unknown> = {}) => ({
    type: 'trigger.webhook',
    config: { path, ...extra },
  }),
  map: (expression: string) => ({ type: 'map.jsonata', config: { expression } }),
  http: (url: string, extra: Record<string, unknown> = {}) => ({
    type: 'connector.http',
    config: { method: 'POST', url, body: '=$', ...extra },
  }),
  if: (condition: string) => ({ type: 'control.if', config: { condition } }),
  validate: (schema: Record<string, unknown>, rules: { expression: string; message: string }[] = []) => ({
    type: 'validate.schema',
    config: { schema, rules },
  }),
  respond: (config: Record<string, unknown> = {}) => ({ type: 'control.respond', config }),
  fail: (message: string) => ({ type: 'control.fail', config: { message } }),
};

/**
 * A flow definition from named nodes and edges written "source>target" or
 * "source:port>target". Edge ids are e1, e2, … in order.
 */
export function flow(
  id: string,
  nodes: Record<string, { type: string; config: Record<string, unknown>; name?: string }>,
  edges: string[],
): FlowDefinitionInput {
  return {
    id,
    name: `Test flow ${id}`,
    schemaVersion: 1,
    nodes: Object.entries(nodes).map(
      ([nodeId, d]): Node => ({
        id: nodeId,
        type: d.type,
        typeVersion: 1,
        config: d.config,
        ...(d.name === undefined ? {} : { name: d.name }),
      }),
    ),
    edges: edges.map((spec, i): Edge => {
      const m = /^([^:>]+)(?::([^>]+))?>(.+)$/.exec(spec);
      if (!m) throw new Error(`bad edge spec ${spec}`);
      return { id: `e${i + 1}`, source: m[1], sourcePort: m[2] ?? 'out', target: m[3], targetPort: 'in' };
    }),
    settings: {},
  };
}
