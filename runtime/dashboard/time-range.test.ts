import { describe, expect, it } from 'vitest';
import { POINTS, timeRange } from './time-range.ts';

const NOW = Date.UTC(2026, 3, 1, 12, 30, 17);
const MIN = 60_000;

describe('dashboard time ranges', () => {
  it('ends the named ranges now, starts them on a whole minute and fits them in at most 120 points', () => {
    for (const [range, points, step] of [
      ['1h', 60, MIN],
      ['24h', POINTS, 12 * MIN],
      ['7d', POINTS, 84 * MIN],
    ] as const) {
      const r = timeRange(range, NOW);
      expect(r.to).toBe(NOW);
      expect(r.from % MIN).toBe(0);
      expect(r.stepMs).toBe(step);
      expect(Math.ceil((r.to - r.from) / r.stepMs)).toBe(points);
    }
  });

  it('takes a custom range as given, to the minute, and refuses one that is empty, reversed, too long or incomplete', () => {
    expect(timeRange('custom', NOW, 90_000, 90_000 + 600 * MIN)).toEqual({
      range: 'custom',
      from: 60_000,
      to: 90_000 + 600 * MIN,
      stepMs: 6 * MIN,
    });
    expect(() => timeRange('custom', NOW, 1000)).toThrow(/needs from and to/);
    expect(() => timeRange('custom', NOW, 2000, 2000)).toThrow(/before/);
    expect(() => timeRange('custom', NOW, 0, 400 * 86_400_000)).toThrow(/a year/);
  });
});
