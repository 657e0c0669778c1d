import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, enc } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { FlowDefinition, VersionInfo } from '../api/types.ts';

export type VersionWithDefinition = VersionInfo & { definition: FlowDefinition };

/** A published version never changes, so it is fetched once. */
export function useVersionDefinition(flowId: string, version: number | null) {
  return useQuery({
    queryKey: ['version', flowId, version] as const,
    queryFn: () => api.get<VersionWithDefinition>(`/api/flows/${enc(flowId)}/versions/${version}`),
    enabled: version !== null,
    staleTime: Infinity,
  });
}

function useInvalidate(flowId: string) {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: keys.versions(flowId) }),
      qc.invalidateQueries({ queryKey: keys.flows }),
      qc.invalidateQueries({ queryKey: keys.flow(flowId) }),
    ]);
}

export function usePublish(flowId: string) {
  const invalidate = useInvalidate(flowId);
  return useMutation({
    mutationFn: (note: string) =>
      api.post<VersionInfo>(`/api/flows/${enc(flowId)}/publish`, note.trim() ? { note: note.trim() } : {}),
    onSettled: invalidate,
  });
}

export function useActivate(flowId: string) {
  const invalidate = useInvalidate(flowId);
  return useMutation({
    mutationFn: (version: number) =>
      api.post<{ flowId: string; activeVersion: number }>(`/api/flows/${enc(flowId)}/activate`, { version }),
    onSettled: invalidate,
  });
}

export function useDeactivate(flowId: string) {
  const invalidate = useInvalidate(flowId);
  return useMutation({
    mutationFn: () =>
      api.post<{ flowId: string; activeVersion: null; changed: boolean }>(`/api/flows/${enc(flowId)}/deactivate`),
    onSettled: invalidate,
  });
}

export function useApprove(flowId: string) {
  const invalidate = useInvalidate(flowId);
  return useMutation({
    mutationFn: (version: number) => api.post(`/api/flows/${enc(flowId)}/versions/${version}/approve`),
    onSettled: invalidate,
  });
}

export function useRefuse(flowId: string) {
  const invalidate = useInvalidate(flowId);
  return useMutation({
    mutationFn: ({ version, reason }: { version: number; reason: string }) =>
      api.post(`/api/flows/${enc(flowId)}/versions/${version}/refuse`, { reason }),
    onSettled: invalidate,
  });
}
