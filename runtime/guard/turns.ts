import type { RateLimit } from './rate-limiter.ts';

/** The request turns taken on one downstream: start times oldest first (some perhaps ahead), and a pause. */
export interface Turns {
  starts: number[];
  pausedUntil: number | null;
}

/** A turn: when the request may start, and the turns with it taken (null: refused, it would wait too long). */
export interface Turn {
  at: number;
  taken: Turns | null;
  /** The turn waits for a 429's pause. */
  paused: boolean;
}

/**
 * Takes the next turn: no earlier than now, the pause and the last turn taken (turns go in the order they
 * are taken), and at least `intervalMs` after the turn `limit` places back, so no window of `intervalMs`
 * holds more than `limit` starts. A turn more than `maxWaitMs` ahead is not taken.
 */
export function takeTurn(turns: Turns, rate: RateLimit, now: number, maxWaitMs: number): Turn {
  const { starts } = turns;
  let at = Math.max(now, turns.pausedUntil ?? 0, starts.at(-1) ?? 0);
  if (starts.length >= rate.limit) at = Math.max(at, starts[starts.length - rate.limit] + rate.intervalMs);
  const paused = at > now && at === turns.pausedUntil;
  if (at - now > maxWaitMs) return { at, taken: null, paused };
  const kept = [...starts, at].slice(-rate.limit);
  const pausedUntil = (turns.pausedUntil ?? 0) > now ? turns.pausedUntil : null;
  return { at, taken: { starts: kept, pausedUntil }, paused };
}
