import { describe, expect, it } from 'vitest';
import { addFlowFacts, emptyCounts, isSilent, sumCounts } from './counts.ts';

describe('dashboard counts', () => {
  it('takes runs by end from the roll-ups and what is going on now from the unfinished runs', () => {
    const c = addFlowFacts(
      emptyCounts(),
      [
        { flowId: 'f', status: 'succeeded', count: 5, durationSum: 50 },
        { flowId: 'f', status: 'failed', count: 2, durationSum: 20 },
        { flowId: 'f', status: 'timed_out', count: 1, durationSum: 9000 },
        { flowId: 'f', status: 'compensated', count: 4, durationSum: 40 },
      ],
      { flowId: 'f', unfinished: 6, retrying: 2, waiting: 3, heldByCircuit: 1 },
      7,
    );
    expect(c).toEqual({
      ...emptyCounts(),
      succeeded: 5,
      failed: 2,
      timedOut: 1,
      retrying: 2,
      waiting: 3,
      heldByCircuit: 1,
      backlog: 6,
      failedQueue: 7,
    });
    expect(sumCounts([c, c]).succeeded).toBe(10);
  });

  it('calls an active flow silent once it has gone longer than its freshness without a success, since activation at most', () => {
    const now = 10_000_000;
    expect(isSilent(60_000, now - 61_000, now - 9_000_000, now)).toBe(true);
    expect(isSilent(60_000, now - 59_000, now - 9_000_000, now)).toBe(false);
    expect(isSilent(60_000, null, now - 30_000, now), 'activated 30 s ago, never succeeded').toBe(false);
    expect(isSilent(60_000, null, now - 90_000, now)).toBe(true);
    expect(isSilent(null, null, now - 90_000, now), 'no freshness level').toBe(false);
    expect(isSilent(60_000, null, null, now), 'not active').toBe(false);
  });
});
