import { useQueries, useQuery } from '@tanstack/react-query';
import { ApiError, api, enc } from '../api/client.ts';
import type { ConnectionView } from '../../../shared/connection.ts';
import type { Operation } from '../../../shared/openapi/operation.ts';

/** A connection's operations as the runtime reads them from its OpenAPI document. */
export interface ConnectionOperations {
  connection: ConnectionView;
  version: number;
  operations: Operation[];
}

const connectionsKey = ['connections'];
export const operationsKey = (id: string) => ['connections', id, 'operations'];

/** The operations of one connection; null when it has no OpenAPI document. */
export function fetchOperations(id: string): Promise<{ version: number; operations: Operation[] } | null> {
  return api
    .get<{ version: number; operations: Operation[] }>(`/api/connections/${enc(id)}/operations`)
    .catch((err: unknown) => {
      if (err instanceof ApiError && err.status === 404) return null;
      throw err;
    });
}

export function useConnections() {
  return useQuery({
    queryKey: connectionsKey,
    queryFn: () => api.get<{ connections: ConnectionView[] }>('/api/connections').then((r) => r.connections),
  });
}

/** Every HTTP connection that carries an OpenAPI document, with its operations. */
export function useAllOperations(): ConnectionOperations[] {
  const connections = useConnections().data ?? [];
  const http = connections.filter((c) => /^https?:/.test(c.baseUrl));
  const results = useQueries({
    queries: http.map((c) => ({ queryKey: operationsKey(c.id), queryFn: () => fetchOperations(c.id) })),
  });
  return http.flatMap((connection, i) => {
    const spec = results[i]?.data;
    return spec ? [{ connection, version: spec.version, operations: spec.operations }] : [];
  });
}

/** The operations of connection `id` (undefined while loading or without a document). */
export function useOperations(id: string | undefined) {
  return useQuery({
    queryKey: operationsKey(id ?? ''),
    queryFn: () => fetchOperations(id!),
    enabled: !!id,
  });
}

/** How an operation is named to analysts: its summary, else its id. */
export function operationTitle(op: Operation): string {
  return op.summary?.trim() || op.operationId;
}
