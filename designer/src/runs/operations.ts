import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, enc } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { RunListItem } from '../api/types.ts';
import { groupFilter, inGroup, type FailedGroup } from './failed-groups.ts';

export type BulkAction = 'retry' | 'replay' | 'discard';

export interface RetryBody {
  /** Replaces the failed step's input. */
  input?: unknown;
  /** JSON Merge Patch applied to the failed step's input. */
  patch?: unknown;
  note?: string;
}

export interface BulkOptions {
  patch?: unknown;
  note?: string;
  reason?: string;
}

export interface BulkResult {
  matched: number;
  done: string[];
  failed: { runId: string; error: string }[];
}

const GROUP_PAGE = 500;

function useRefreshRuns(id?: string) {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['runs'] }),
      id ? client.invalidateQueries({ queryKey: keys.run(id) }) : undefined,
    ]);
}

/** Retries a failed run from its failed step, optionally with an edited input. */
export function useRetryRun(id: string) {
  const refresh = useRefreshRuns(id);
  return useMutation({
    mutationFn: (body?: RetryBody) => api.post<{ runId: string; status: string }>(`/api/runs/${enc(id)}/retry`, body),
    onSettled: refresh,
  });
}

/** Retries only the failed items of a finished run's loop step (and the steps after the loop). */
export function useRetryFailedItems(id: string, nodeId: string) {
  const refresh = useRefreshRuns(id);
  return useMutation({
    mutationFn: (note?: string) =>
      api.post<{ runId: string; status: string; items: number }>(
        `/api/runs/${enc(id)}/steps/${enc(nodeId)}/retry-failed-items`,
        note ? { note } : {},
      ),
    onSettled: refresh,
  });
}

/** Starts a new run from this run's trigger event; resolves to the new run's id. */
export function useReplayRun(id: string) {
  const refresh = useRefreshRuns(id);
  return useMutation({
    mutationFn: (note?: string) => api.post<{ runId: string }>(`/api/runs/${enc(id)}/replay`, note ? { note } : {}),
    onSettled: refresh,
  });
}

/** Discards a failed run or cancels a running one, with the operator's reason. */
export function useSetRunAside(id: string, action: 'discard' | 'cancel') {
  const refresh = useRefreshRuns(id);
  return useMutation({
    mutationFn: (reason: string) =>
      api.post<{ runId: string; status: string }>(`/api/runs/${enc(id)}/${action}`, { reason }),
    onSettled: refresh,
  });
}

/** An operator's decision on a run waiting at an approval step, with an optional comment. */
export function useDecideRun(id: string, decision: 'approve' | 'reject') {
  const refresh = useRefreshRuns(id);
  return useMutation({
    mutationFn: (comment: string | undefined) =>
      api.post<{ runId: string; status: string }>(`/api/runs/${enc(id)}/${decision}`, comment ? { comment } : {}),
    onSettled: refresh,
  });
}

/** The ids of a group's runs, for a group that a filter cannot select (see groupFilter). */
async function groupRunIds(g: FailedGroup): Promise<string[]> {
  const q = new URLSearchParams({
    flowId: g.flowId,
    status: 'failed',
    mode: 'live',
    to: String(g.lastAt + 1),
    limit: String(GROUP_PAGE),
  });
  const { runs } = await api.get<{ runs: RunListItem[] }>(`/api/runs?${q}`);
  return runs.filter((r) => inGroup(g, r)).map((r) => r.id);
}

/** Applies one action to every run of a failed-runs group. */
export function useGroupAction() {
  const refresh = useRefreshRuns();
  return useMutation({
    mutationFn: async ({
      group,
      action,
      options,
    }: {
      group: FailedGroup;
      action: BulkAction;
      options: BulkOptions;
    }) => {
      const filter = groupFilter(group);
      if (filter) return api.post<BulkResult>('/api/runs/bulk', { action, filter, ...options });
      const ids = await groupRunIds(group);
      if (ids.length === 0) return { matched: 0, done: [], failed: [] } satisfies BulkResult;
      return api.post<BulkResult>('/api/runs/bulk', { action, ids, ...options });
    },
    onSettled: refresh,
  });
}
