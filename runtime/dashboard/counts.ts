import type { DashboardCounts } from '../../shared/dashboard.ts';
import type { LiveCounts, RollupTotal } from '../store/rollup-store.ts';

export const emptyCounts = (): DashboardCounts => ({
  succeeded: 0,
  failed: 0,
  timedOut: 0,
  cancelled: 0,
  retrying: 0,
  waiting: 0,
  heldByCircuit: 0,
  backlog: 0,
  failedQueue: 0,
  slaBreaches: 0,
  silent: 0,
});

const BY_STATUS: Record<string, keyof DashboardCounts> = {
  succeeded: 'succeeded',
  failed: 'failed',
  timed_out: 'timedOut',
  cancelled: 'cancelled',
};

/** Adds what the roll-ups and the unfinished runs say of one flow to `c`. */
export function addFlowFacts(
  c: DashboardCounts,
  totals: readonly RollupTotal[],
  live: LiveCounts | undefined,
  failedQueue: number,
): DashboardCounts {
  for (const t of totals) {
    const key = BY_STATUS[t.status];
    if (key) c[key] += t.count;
  }
  if (live) {
    c.retrying += live.retrying;
    c.waiting += live.waiting;
    c.heldByCircuit += live.heldByCircuit;
    c.backlog += live.unfinished;
  }
  c.failedQueue += failedQueue;
  return c;
}

/** The sum of several counts. */
export function sumCounts(all: readonly DashboardCounts[]): DashboardCounts {
  const out = emptyCounts();
  for (const c of all) for (const k of Object.keys(out) as (keyof DashboardCounts)[]) out[k] += c[k];
  return out;
}

/** Whether an active flow with a freshness level has gone longer than it without a success (since activation at most). */
export function isSilent(
  freshnessMs: number | null,
  lastSuccess: number | null,
  activatedAt: number | null,
  now: number,
) {
  if (freshnessMs === null || activatedAt === null) return false;
  return now - Math.max(lastSuccess ?? 0, activatedAt) > freshnessMs;
}
