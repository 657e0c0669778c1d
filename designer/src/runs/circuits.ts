import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';

const CIRCUITS_POLL_MS = 5000;

export type CircuitState = 'closed' | 'open' | 'half_open';

/** One downstream host's circuit as GET /api/circuits shows it. */
export interface CircuitInfo {
  host: string;
  state: CircuitState;
  consecutiveFailures: number;
  openedAt: number | null;
  nextTryAt: number | null;
  lastError: string | null;
}

export interface RateLimitInfo {
  host: string;
  limit: number | null;
  intervalMs: number | null;
  waiting: number;
  pausedUntil: number | null;
}

/** Circuit breakers and rate limits of the downstream hosts, polled every few seconds. */
export function useCircuits() {
  return useQuery({
    queryKey: ['circuits'] as const,
    queryFn: () => api.get<{ circuits: CircuitInfo[]; rateLimits: RateLimitInfo[] }>('/api/circuits'),
    refetchInterval: CIRCUITS_POLL_MS,
  });
}

export const notClosed = (circuits: CircuitInfo[] | undefined): CircuitInfo[] =>
  (circuits ?? []).filter((c) => c.state !== 'closed');

export const STATE_LABELS: Record<CircuitState, string> = {
  closed: 'Closed',
  open: 'Open',
  half_open: 'Half-open (probing)',
};

/** When an open circuit lets its next request go, in words. */
export function nextTry(c: Pick<CircuitInfo, 'state' | 'nextTryAt'>, now: number): string {
  if (c.nextTryAt === null) return '—';
  if (c.state === 'half_open' || c.nextTryAt <= now) return 'now (one probe request)';
  const s = Math.ceil((c.nextTryAt - now) / 1000);
  return s < 60 ? `in ${s} s` : `in ${Math.floor(s / 60)} min ${s % 60} s`;
}
