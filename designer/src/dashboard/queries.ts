import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { DashboardFlowDetail, DashboardOverview, DashboardRange } from '../../../shared/dashboard.ts';
import { api, enc } from '../api/client.ts';

/** The dashboard follows the runs as they finish: it asks again every few seconds. */
export const DASHBOARD_POLL_MS = 5000;

export function useDashboard(range: DashboardRange) {
  return useQuery({
    queryKey: ['dashboard', range],
    queryFn: () => api.get<DashboardOverview>(`/api/dashboard?range=${enc(range)}`),
    refetchInterval: DASHBOARD_POLL_MS,
    placeholderData: keepPreviousData,
  });
}

export function useFlowDashboard(flowId: string, range: DashboardRange) {
  return useQuery({
    queryKey: ['dashboard', flowId, range],
    queryFn: () => api.get<DashboardFlowDetail>(`/api/dashboard/flows/${enc(flowId)}?range=${enc(range)}`),
    refetchInterval: DASHBOARD_POLL_MS,
    placeholderData: keepPreviousData,
  });
}
