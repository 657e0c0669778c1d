import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { ApiError, api, enc } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { RunListItem, RunView } from '../api/types.ts';
import type { FailedGroup } from './failed-groups.ts';

const LIST_REFRESH_MS = 5000;
const RUNNING_POLL_MS = 1000;
const FAILED_COUNT_REFRESH_MS = 15_000;

interface RunPage {
  runs: RunListItem[];
  next: string | null;
  /** With a text search: the runs created since then were searched for it (the newest 10,000); null: all were. */
  searchedFrom: number | null;
}

/** The run history for an API query (see filters.ts), page by page, refreshed every few seconds. */
export function useRunList(query: string) {
  return useInfiniteQuery({
    queryKey: keys.runs(query),
    queryFn: ({ pageParam }) => api.get<RunPage>(`/api/runs?${query}${pageParam ? `&before=${enc(pageParam)}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (last) => last.next ?? undefined,
    refetchInterval: LIST_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

/** One run with its steps and operator actions; polled while it is running. */
export function useRun(id: string) {
  return useQuery({
    queryKey: keys.run(id),
    queryFn: () => api.get<RunView>(`/api/runs/${enc(id)}`),
    retry: (count, error) => !(error instanceof ApiError && error.status === 404) && count < 1,
    refetchInterval: (q) => (q.state.data?.status === 'running' ? RUNNING_POLL_MS : false),
  });
}

/** The failed-runs queue grouped by flow, failing step and error; `flowId` narrows it to one flow. */
export function useFailedGroups(flowId = '', refetchInterval = LIST_REFRESH_MS, enabled = true) {
  const query = flowId ? `?flowId=${enc(flowId)}` : '';
  return useQuery({
    enabled,
    queryKey: ['runs', 'failed', flowId] as const,
    queryFn: () => api.get<{ groups: FailedGroup[] }>(`/api/runs/failed/summary${query}`).then((r) => r.groups),
    refetchInterval,
    placeholderData: keepPreviousData,
  });
}

/** How many live runs wait in the failed-runs queue (undefined until known). */
export function useFailedCount(enabled = true): number | undefined {
  const groups = useFailedGroups('', FAILED_COUNT_REFRESH_MS, enabled);
  return groups.data?.reduce((sum, g) => sum + g.count, 0);
}
