import { useQuery } from '@tanstack/react-query';
import { api, enc } from './client.ts';
import type { CanonicalSchemaInfo, Draft, FlowSummary, NodeTypeInfo, VersionInfo } from './types.ts';

export const keys = {
  nodeTypes: ['node-types'] as const,
  canonicalSchemas: ['canonical-schemas'] as const,
  flows: ['flows'] as const,
  flow: (id: string) => ['flow', id] as const,
  versions: (id: string) => ['versions', id] as const,
  runs: (params: string) => ['runs', params] as const,
  run: (id: string) => ['run', id] as const,
};

export function useNodeTypes() {
  return useQuery({
    queryKey: keys.nodeTypes,
    queryFn: () => api.get<{ nodeTypes: NodeTypeInfo[] }>('/api/node-types').then((r) => r.nodeTypes),
    staleTime: Infinity,
  });
}

/** The canonical data model (fixed for a runtime's lifetime). */
export function useCanonicalSchemas() {
  return useQuery({
    queryKey: keys.canonicalSchemas,
    queryFn: () => api.get<{ schemas: CanonicalSchemaInfo[] }>('/api/canonical-schemas').then((r) => r.schemas),
    staleTime: Infinity,
  });
}

export function useFlows() {
  return useQuery({
    queryKey: keys.flows,
    queryFn: () => api.get<{ flows: FlowSummary[] }>('/api/flows').then((r) => r.flows),
  });
}

export function useDraft(id: string) {
  return useQuery({
    queryKey: keys.flow(id),
    queryFn: () => api.get<Draft>(`/api/flows/${enc(id)}`),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

export function useVersions(id: string) {
  return useQuery({
    queryKey: keys.versions(id),
    queryFn: () => api.get<{ versions: VersionInfo[] }>(`/api/flows/${enc(id)}/versions`).then((r) => r.versions),
  });
}
