/** Where a step's bar sits on the run's time axis, as fractions of the axis (0–1). */
export interface Bar {
  offset: number;
  width: number;
}

export interface TimeSpan {
  startedAt: number | null;
  finishedAt: number | null;
}

export interface Timeline {
  /** The axis: from the run's start to its end (or `now` while it runs). */
  start: number;
  end: number;
  /** One entry per step, in the order given; null for a step that has not started. */
  bars: (Bar | null)[];
}

/**
 * Lays the steps out on one axis spanning the run. A step still going (no
 * finishedAt) reaches the end of the axis. Bars are at least `minWidth` wide
 * so an instant step stays visible, and never run past the end. When the
 * whole run took no measurable time, every started step fills the axis.
 */
export function layoutTimeline(
  run: { createdAt: number; finishedAt: number | null },
  steps: TimeSpan[],
  now: number,
  minWidth = 0.01,
): Timeline {
  const starts = steps.flatMap((s) => (s.startedAt === null ? [] : [s.startedAt]));
  const ends = steps.flatMap((s) => (s.finishedAt === null ? [] : [s.finishedAt]));
  const start = Math.min(run.createdAt, ...starts);
  const end = Math.max(run.finishedAt ?? now, ...ends, start);
  const total = end - start;
  const bars = steps.map((s): Bar | null => {
    if (s.startedAt === null) return null;
    if (total <= 0) return { offset: 0, width: 1 };
    const from = s.startedAt - start;
    const to = Math.max((s.finishedAt ?? end) - start, from);
    const width = Math.min(1, Math.max((to - from) / total, minWidth));
    return { offset: Math.min(from / total, 1 - width), width };
  });
  return { start, end, bars };
}
