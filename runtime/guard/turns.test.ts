import { describe, expect, it } from 'vitest';
import { takeTurn, type Turns } from './turns.ts';

const rate = { limit: 3, intervalMs: 1000 };
const none: Turns = { starts: [], pausedUntil: null };

/** Takes `n` turns in a row at `now`, as processes taking them one after another would. */
function take(n: number, now: number, from: Turns = none, maxWaitMs = 60_000): number[] {
  let turns = from;
  const at: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = takeTurn(turns, rate, now, maxWaitMs);
    if (!t.taken) break;
    at.push(t.at);
    turns = t.taken;
  }
  return at;
}

describe('rate-limit turns', () => {
  it('lets `limit` requests start at once, then one more each time a start leaves the window', () => {
    expect(take(7, 10_000)).toEqual([10_000, 10_000, 10_000, 11_000, 11_000, 11_000, 12_000]);
  });

  it('never puts more than `limit` starts in any window of the interval', () => {
    const at = take(20, 0);
    for (const t of at) expect(at.filter((s) => s >= t && s < t + rate.intervalMs).length).toBeLessThanOrEqual(3);
  });

  it('keeps only the last `limit` starts', () => {
    const t = takeTurn({ starts: [1, 2, 3], pausedUntil: null }, rate, 5000, 0);
    expect(t.taken?.starts).toEqual([2, 3, 5000]);
  });

  it('gives turns in the order they are taken, never before one already given', () => {
    const t = takeTurn({ starts: [9000], pausedUntil: null }, rate, 5000, 60_000);
    expect(t.at).toBe(9000);
  });

  it('waits out a pause and says so; drops a pause that has passed', () => {
    const paused = takeTurn({ starts: [], pausedUntil: 8000 }, rate, 5000, 60_000);
    expect(paused).toMatchObject({ at: 8000, paused: true, taken: { pausedUntil: 8000 } });
    const over = takeTurn({ starts: [], pausedUntil: 4000 }, rate, 5000, 60_000);
    expect(over).toMatchObject({ at: 5000, paused: false, taken: { starts: [5000], pausedUntil: null } });
  });

  it('refuses a turn further ahead than the longest wait, taking nothing', () => {
    const full: Turns = { starts: [5000, 5000, 5000], pausedUntil: null };
    expect(takeTurn(full, rate, 5000, 999)).toEqual({ at: 6000, taken: null, paused: false });
    expect(takeTurn(full, rate, 5000, 1000).taken?.starts).toEqual([5000, 5000, 6000]);
  });
});
