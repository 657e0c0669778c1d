import { describe, expect, it } from 'vitest';
import type { Cell } from './load.ts';
import { throughputRatio } from './verdicts.ts';

const cell = (runsPerSec: number, roundsPerSec?: number[]) => ({ runsPerSec, roundsPerSec }) as Cell;

describe('bench: throughput of one target against another', () => {
  it('is the median of the round-by-round ratios, so a round the whole machine slowed down compares like with like', () => {
    // Round 2 ran on a busy machine for both; the medians of each (1,000 and 900) would say 1.11.
    const r = throughputRatio(cell(1000, [1000, 500, 1010]), cell(900, [1020, 510, 900]));
    expect(r.ratio).toBeCloseTo(0.98, 2);
    expect(r.text).toBe("0.98: median of the rounds' 0.98, 0.98, 1.12 (1,000 / 900 runs/s)");
  });

  it('is the ratio of the medians when the rounds are missing or do not pair up', () => {
    expect(throughputRatio(cell(1000), cell(800)).ratio).toBe(1.25);
    expect(throughputRatio(cell(1000, [1000, 900]), cell(500, [500])).ratio).toBe(2);
  });
});
