import type { FlowDefinition } from '../../shared/flow.ts';
import type { ConnectionSpec } from '../../shared/openapi/operation.ts';
import type { FlowCheckEnv } from './validate-variables.ts';

export const OPERATION_NODE_TYPE = 'connector.http.operation';

/** The current OpenAPI document of a connection; undefined when it has none. */
export type SpecLookup = ((connection: string) => Promise<ConnectionSpec | undefined>) & {
  /** A connection's base URL scheme, null when there is no such connection. */
  scheme?: (connection: string) => Promise<string | null>;
  /** Whether the installation has an environment variable of this name. */
  variable?: (name: string) => boolean;
};

/** The connections the flow's nodes name in a `connection` field. */
function namedConnections(def: FlowDefinition): string[] {
  const ids = new Set<string>();
  for (const n of def.nodes) if (typeof n.config.connection === 'string') ids.add(n.config.connection);
  return [...ids].sort();
}

/** The connections the flow's operation steps call. */
export function operationConnections(def: FlowDefinition): string[] {
  const ids = new Set<string>();
  for (const n of def.nodes)
    if (n.type === OPERATION_NODE_TYPE && typeof n.config.connection === 'string') ids.add(n.config.connection);
  return [...ids].sort();
}

/**
 * The documents of the connections the flow's operation steps use: the static check's view of their
 * operations, and the record of the spec versions a published version used.
 */
export async function flowSpecs(
  def: FlowDefinition,
  lookup: SpecLookup | undefined,
): Promise<{ env: FlowCheckEnv; versions: Record<string, { version: number; hash: string }> | null }> {
  if (!lookup) return { env: {}, versions: null };
  const specs = new Map<string, ConnectionSpec | undefined>();
  for (const id of operationConnections(def)) specs.set(id, await lookup(id));
  const versions: Record<string, { version: number; hash: string }> = {};
  for (const [id, s] of specs) if (s) versions[id] = { version: s.version, hash: s.hash };
  const schemes = new Map<string, string | null>();
  if (lookup.scheme) for (const id of namedConnections(def)) schemes.set(id, await lookup.scheme(id));
  return {
    env: {
      operations: (id) => (specs.has(id) ? (specs.get(id)?.operations ?? null) : undefined),
      connectionScheme: (id) => schemes.get(id),
      variable: lookup.variable,
    },
    versions: specs.size ? versions : null,
  };
}
