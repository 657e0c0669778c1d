import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import type { DashboardRange } from '../../shared/dashboard.ts';

const MINUTE = 60_000;
const SPANS: Record<Exclude<DashboardRange, 'custom'>, number> = {
  '1h': 60 * MINUTE,
  '24h': 24 * 60 * MINUTE,
  '7d': 7 * 24 * 60 * MINUTE,
};
/** About this many points in a series. */
export const POINTS = 120;
/** The longest custom range (one year). */
const MAX_SPAN = 366 * 24 * 60 * MINUTE;

export interface TimeRange {
  range: DashboardRange;
  from: number;
  to: number;
  /** Length of one point of a series: whole minutes, so that about POINTS points cover the range. */
  stepMs: number;
}

/** The range asked for, ending now for the named ones; a custom one needs from < to, a year at most. */
export function timeRange(range: DashboardRange, now: number, from?: number, to?: number): TimeRange {
  let start: number;
  let end: number;
  if (range === 'custom') {
    if (from === undefined || to === undefined)
      throw new WeftError(ErrorCodes.badRequest, 'range=custom needs from and to');
    if (!(from < to)) throw new WeftError(ErrorCodes.badRequest, 'from must be before to');
    if (to - from > MAX_SPAN) throw new WeftError(ErrorCodes.badRequest, 'a custom range spans a year at most');
    [start, end] = [from, to];
  } else {
    // The last point holds the minute now is in.
    end = now;
    start = Math.floor(now / MINUTE) * MINUTE + MINUTE - SPANS[range];
  }
  // Points start on whole minutes: the roll-ups count minutes.
  start = Math.floor(start / MINUTE) * MINUTE;
  const stepMs = Math.max(1, Math.ceil((end - start) / MINUTE / POINTS)) * MINUTE;
  return { range, from: start, to: end, stepMs };
}
