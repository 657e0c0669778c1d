import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, enc } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { RunListItem, RunView } from '../api/types.ts';

const LIST_REFRESH_MS = 5000;
const RUNNING_POLL_MS = 1000;

interface RunPage {
  runs: RunListItem[];
  next: string | null;
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

/** One run with its steps; polled while it is running. */
export function useRun(id: string) {
  return useQuery({
    queryKey: keys.run(id),
    queryFn: () => api.get<RunView>(`/api/runs/${enc(id)}`),
    retry: (count, error) => !(error instanceof ApiError && error.status === 404) && count < 1,
    refetchInterval: (q) => (q.state.data?.status === 'running' ? RUNNING_POLL_MS : false),
  });
}

/** Retries a failed run from its failed step. */
export function useRetryRun(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ runId: string; status: string }>(`/api/runs/${enc(id)}/retry`),
    onSettled: () => Promise.all([client.invalidateQueries({ queryKey: keys.run(id) }), client.invalidateQueries({ queryKey: ['runs'] })]),
  });
}
