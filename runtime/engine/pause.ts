import type { RunState } from './run-state.ts';

/** A wait shorter than this (a quick retry, a short delay) is waited out by a caller waiting for the run to pause. */
export const SHORT_WAIT_MS = 5000;

/**
 * True when an unfinished run has paused: no step is executing, and every step still open waits for an
 * operator's decision (approval), a sub-flow run, or a time at least SHORT_WAIT_MS away (a delay, a retry);
 * a loop waiting for its body runs has not paused.
 * A test run answers its caller then, instead of holding the request until the run ends.
 */
export function isPaused(rs: RunState, now: number): boolean {
  if (rs.inFlight.size > 0) return false;
  let waits = false;
  for (const s of rs.steps.values()) {
    if (s.status !== 'waiting' && s.status !== 'retrying') continue;
    // A loop waits for its body runs, which are executing.
    if (s.loop) return false;
    if (s.nextAttemptAt !== null && s.nextAttemptAt - now < SHORT_WAIT_MS) return false;
    waits = true;
  }
  return waits;
}
