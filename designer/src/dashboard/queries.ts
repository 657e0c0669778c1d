import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { DashboardFlowDetail, DashboardOverview } from '../../../shared/dashboard.ts';
import { api, enc } from '../api/client.ts';
import { rangeQuery, type RangeChoice } from './range.ts';

/** The dashboard follows the runs as they finish: it asks again every few seconds. */
export const DASHBOARD_POLL_MS = 5000;

export function useDashboard(range: RangeChoice) {
  const query = rangeQuery(range);
  return useQuery({
    queryKey: ['dashboard', query],
    queryFn: () => api.get<DashboardOverview>(`/api/dashboard?${query}`),
    refetchInterval: DASHBOARD_POLL_MS,
    placeholderData: keepPreviousData,
  });
}

export function useFlowDashboard(flowId: string, range: RangeChoice) {
  const query = rangeQuery(range);
  return useQuery({
    queryKey: ['dashboard', flowId, query],
    queryFn: () => api.get<DashboardFlowDetail>(`/api/dashboard/flows/${enc(flowId)}?${query}`),
    refetchInterval: DASHBOARD_POLL_MS,
    placeholderData: keepPreviousData,
  });
}
