import { describe, it, expect } from 'vitest';
import { layoutTimeline } from './timeline.ts';

const run = { createdAt: 1000, finishedAt: 2000 };

describe('layoutTimeline', () => {
  it('places each step by its start and end relative to the run', () => {
    const t = layoutTimeline(
      run,
      [
        { startedAt: 1000, finishedAt: 1250 },
        { startedAt: 1250, finishedAt: 2000 },
      ],
      9999,
    );
    expect(t).toMatchObject({ start: 1000, end: 2000 });
    expect(t.bars).toEqual([
      { offset: 0, width: 0.25 },
      { offset: 0.25, width: 0.75 },
    ]);
  });

  it('runs the axis to now while the run is running, and an unfinished step to the axis end', () => {
    const t = layoutTimeline({ createdAt: 1000, finishedAt: null }, [{ startedAt: 1500, finishedAt: null }], 3000);
    expect(t.end).toBe(3000);
    expect(t.bars).toEqual([{ offset: 0.25, width: 0.75 }]);
  });

  it('gives an instant step a minimum width without passing the end', () => {
    const t = layoutTimeline(
      run,
      [
        { startedAt: 1500, finishedAt: 1500 },
        { startedAt: 2000, finishedAt: 2000 },
      ],
      0,
      0.02,
    );
    expect(t.bars[0]).toEqual({ offset: 0.5, width: 0.02 });
    expect(t.bars[1]).toEqual({ offset: 0.98, width: 0.02 });
  });

  it('leaves steps that have not started unplaced', () => {
    expect(layoutTimeline(run, [{ startedAt: null, finishedAt: null }], 0).bars).toEqual([null]);
  });

  it('widens the axis to steps outside the run times', () => {
    const t = layoutTimeline(run, [{ startedAt: 500, finishedAt: 2500 }], 0);
    expect(t).toMatchObject({ start: 500, end: 2500, bars: [{ offset: 0, width: 1 }] });
  });

  it('fills the axis with every started step when the run took no time', () => {
    const t = layoutTimeline(
      { createdAt: 1000, finishedAt: 1000 },
      [
        { startedAt: 1000, finishedAt: 1000 },
        { startedAt: null, finishedAt: null },
      ],
      0,
    );
    expect(t.bars).toEqual([{ offset: 0, width: 1 }, null]);
  });

  it('treats a step that ends before it starts as instant', () => {
    expect(layoutTimeline(run, [{ startedAt: 1500, finishedAt: 1400 }], 0, 0).bars).toEqual([
      { offset: 0.5, width: 0 },
    ]);
  });
});
