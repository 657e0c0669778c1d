import { useQuery } from '@tanstack/react-query';
import { api, enc } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { Draft, FlowDefinition, FlowNode, RunView } from '../api/types.ts';
import { useVersionDefinition } from '../versions/api.ts';

/** The definition a run ran: its published version, or for a test run the flow's draft (as it is now). */
export function useRunDefinition(run: Pick<RunView, 'flowId' | 'version'>): FlowDefinition | undefined {
  const version = useVersionDefinition(run.flowId, run.version);
  const draft = useQuery({
    queryKey: keys.flow(run.flowId),
    queryFn: () => api.get<Draft>(`/api/flows/${enc(run.flowId)}`),
    enabled: run.version === null,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  return run.version !== null ? version.data?.definition : draft.data?.definition;
}

/** Nodes by id, for names and configs. */
export function nodesById(def: FlowDefinition | undefined): Map<string, FlowNode> {
  return new Map((def?.nodes ?? []).map((n) => [n.id, n]));
}
