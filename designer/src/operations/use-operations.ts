import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { ConnectionView } from '../../../shared/connection.ts';
import type { Operation } from '../../../shared/openapi/operation.ts';

/** A connection's document as steps use it: its spec version and operations. */
export interface ConnectionSpec {
  connectionId: string;
  version: number;
  operations: Operation[];
}

/** A connection's operations as the runtime reads them from its OpenAPI document. */
export interface ConnectionOperations {
  connection: ConnectionView;
  version: number;
  operations: Operation[];
}

export const operationsKey = ['operations'];

/** The documents of every connection that carries one (a connection without one is not listed). */
export function useSpecs() {
  return useQuery({
    queryKey: operationsKey,
    queryFn: () => api.get<{ connections: ConnectionSpec[] }>('/api/operations').then((r) => r.connections),
  });
}

export function useConnections() {
  return useQuery({
    queryKey: ['connections'],
    queryFn: () => api.get<{ connections: ConnectionView[] }>('/api/connections').then((r) => r.connections),
  });
}

/** Every connection that carries an OpenAPI document, with its operations. */
export function useAllOperations(): ConnectionOperations[] {
  const connections = useConnections().data ?? [];
  const specs = useSpecs().data ?? [];
  return specs.flatMap((s) => {
    const connection = connections.find((c) => c.id === s.connectionId);
    return connection ? [{ connection, version: s.version, operations: s.operations }] : [];
  });
}

/** The document of connection `id`: null when it has none, undefined while loading. */
export function useOperations(id: string | undefined): ConnectionSpec | null | undefined {
  const specs = useSpecs().data;
  if (!id || !specs) return undefined;
  return specs.find((s) => s.connectionId === id) ?? null;
}

/** How an operation is named to analysts: its summary, else its id. */
export function operationTitle(op: Operation): string {
  return op.summary?.trim() || op.operationId;
}
