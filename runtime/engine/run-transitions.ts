import { ERROR_PORT } from '../../shared/ports.ts';
import { ErrorCodes, type WeftErrorShape } from '../../shared/errors.ts';
import { backoffDelay, type RetryPolicy } from '../../shared/retry-policy.ts';
import type { NewStep } from '../store/run-store.ts';
import type { LoopWait } from '../../shared/loop.ts';
import type { StoredValue } from './payloads.ts';
import type { StepRecord } from './run-state.ts';

/**
 * The run state machine as pure functions: how one attempt's outcome changes a step (transition), the
 * row that records it (stepRow), what it changes on the run's row (runChange) and what the engine does
 * once that is committed (effectsAfterCommit). The engine applies them; nothing here touches a store,
 * a clock or a timer.
 */

/** How one attempt of a step ended. */
export type StepOutcome =
  | { ok: true; port: string; output: unknown; stored?: StoredValue; sentKey?: string | null }
  | { ok: false; error: WeftErrorShape; sentKey?: string | null }
  | { ok: 'wait'; until?: number; approval?: { prompt: string }; child?: string; loop?: LoopWait };

/** The longest a step waits for its next attempt, whatever its policy or the downstream's Retry-After says. */
export const MAX_RETRY_DELAY_MS = 3_600_000;
/** How long an open circuit holds a step when it names no time. */
export const CIRCUIT_WAIT_MS = 1000;

/** What a waiting step waits for; stored as its output, so the wait survives a restart. */
export type WaitingFor =
  | { approval: { prompt: string } }
  | { child: string }
  | { loop: LoopWait }
  | { until: number | undefined };

/** What a step does next, besides taking its new record. */
export type StepEffect =
  /** It waits: for an operator, a sub-flow run, or its record's nextAttemptAt. */
  | { kind: 'wait'; waitingFor: WaitingFor }
  /** It passes a value on (its output; on the error port, the error with its input): successors may start. */
  | { kind: 'pass'; value: unknown; stored?: StoredValue }
  /** It is tried again at its record's nextAttemptAt. */
  | { kind: 'retry' }
  /** It failed for good, and so does its run. */
  | { kind: 'fail'; error: WeftErrorShape };

export interface TransitionInput {
  /** The step's record before this attempt (none for its first). */
  prev: StepRecord | undefined;
  outcome: StepOutcome;
  /** The number of this attempt (1 for the first). */
  attempt: number;
  retry: RetryPolicy;
  /** After the last failed attempt, leave by the error port instead of failing (node setting). */
  routeErrors: boolean;
  now: number;
  /** The step's input, for an error routed to its error port. */
  input: () => unknown;
  random?: () => number;
}

export interface Transition {
  rec: StepRecord;
  effect: StepEffect;
}

/** The step's new record after one attempt, and what follows from it. */
export function transition(t: TransitionInput): Transition {
  const { prev, outcome, attempt, now } = t;
  const attemptErrors = prev?.attemptErrors ?? [];
  const inputOverride = prev?.inputOverride;
  const rec = (r: Pick<StepRecord, 'status'> & Partial<StepRecord>): StepRecord => ({
    port: null,
    attempts: attempt,
    attemptErrors,
    error: null,
    nextAttemptAt: null,
    inputOverride,
    ...r,
  });
  if (outcome.ok === 'wait') {
    const { approval, child, until, loop } = outcome;
    if (loop)
      return {
        rec: rec({ status: 'waiting', loop: true }),
        effect: { kind: 'wait', waitingFor: { loop } },
      };
    const waitingFor: WaitingFor = approval ? { approval } : child ? { child } : { until };
    const nextAttemptAt = approval || child ? null : (until ?? now);
    return { rec: rec({ status: 'waiting', nextAttemptAt, approval, child }), effect: { kind: 'wait', waitingFor } };
  }
  if (outcome.ok) {
    return {
      rec: rec({ status: 'succeeded', port: outcome.port }),
      effect: { kind: 'pass', value: outcome.output, stored: outcome.stored },
    };
  }
  const e = outcome.error;
  if (e.code === ErrorCodes.circuitOpen) {
    // Held, not failed: the attempt is given back and the step waits until the circuit may be tried again.
    const nextAttemptAt = now + Math.max(e.retryAfterMs ?? CIRCUIT_WAIT_MS, 1);
    return {
      rec: rec({ status: 'retrying', attempts: attempt - 1, error: e, nextAttemptAt }),
      effect: { kind: 'retry' },
    };
  }
  if (e.retryable && attempt < t.retry.maxAttempts) {
    const backoff = backoffDelay(t.retry, attempt + 1, t.random);
    const delay = Math.min(Math.max(backoff, e.retryAfterMs ?? 0), MAX_RETRY_DELAY_MS);
    return {
      rec: rec({ status: 'retrying', attemptErrors: [...attemptErrors, e], error: e, nextAttemptAt: now + delay }),
      effect: { kind: 'retry' },
    };
  }
  if (t.routeErrors) {
    // The flow handles the failure: the step succeeds on its error port with the error and the input it had.
    return {
      rec: rec({ status: 'succeeded', port: ERROR_PORT, error: e }),
      effect: { kind: 'pass', value: { error: e, input: t.input() } },
    };
  }
  return { rec: rec({ status: 'failed', error: e }), effect: { kind: 'fail', error: e } };
}

/** A step settled in memory: what its commit writes and what follows it. */
export interface SettledStep {
  nodeId: string;
  rec: StepRecord;
  output: StoredValue | null;
  /** The input, when it must be stored (not just its single predecessor's output). */
  input: StoredValue | null;
  /** Successors made ready by this step; they start after the commit. */
  ready: string[];
  /** Nothing of the run is left to run or wait for: the run ends with this commit. */
  finishing: boolean;
  startedAt: number;
  finishedAt: number;
  /** The Idempotency-Key the attempt sent downstream, if any. */
  sentKey: string | null;
}

/** The step's row. A step of a stopped run is recorded, but does not wait for a retry: it is failed. */
export function stepRow(runId: string, s: SettledStep, runStopped: boolean): NewStep {
  const giveUp = runStopped && s.rec.status === 'retrying';
  return {
    runId,
    nodeId: s.nodeId,
    status: giveUp ? 'failed' : s.rec.status,
    port: s.rec.port,
    attempts: s.rec.attempts,
    input: s.input?.text ?? null,
    output: s.output?.text ?? null,
    error: s.rec.error ? JSON.stringify(s.rec.error) : null,
    attemptErrors: s.rec.attemptErrors.length ? JSON.stringify(s.rec.attemptErrors) : null,
    startedAt: s.startedAt,
    finishedAt: s.rec.status === 'retrying' && !giveUp ? null : s.finishedAt,
    nextAttemptAt: giveUp ? null : s.rec.nextAttemptAt,
    sentKey: s.sentKey,
  };
}

/** What a settled step changes on its run's row. */
export interface RunChange {
  /** The run now waits for an operator's decision. */
  waitingApproval: boolean;
  /** The run ends with this status, or ends failed and starts undoing its calls ('compensating'). */
  end: 'succeeded' | 'failed' | 'compensating' | null;
  /** The run's answer to its caller is written (it is new, and the run does not end with it). */
  response: boolean;
}

export interface RunSituation {
  /** Cancelled, timed out or failed while steps were in flight: nothing more changes on its row. */
  stopped: boolean;
  failed: boolean;
  /** The failed run has calls to undo (flow setting onFailure "compensate"). */
  undoes: () => boolean;
  /** The run set an answer that is not committed yet. */
  newResponse: boolean;
}

/** The change to the run's row that goes with a settled step's row; null when the run's row stays. */
export function runChange(s: Pick<SettledStep, 'rec' | 'finishing'>, run: RunSituation): RunChange | null {
  if (run.stopped) return null;
  const end = !s.finishing ? null : !run.failed ? 'succeeded' : run.undoes() ? 'compensating' : 'failed';
  return {
    waitingApproval: s.rec.status === 'waiting' && s.rec.approval !== undefined,
    end,
    response: end === null && run.newResponse,
  };
}

/** What the engine does once a settled step is committed, in this order. */
export type Effect =
  | { do: 'compensate' }
  | { do: 'wake'; at: number }
  | { do: 'complete' }
  | { do: 'answer' }
  | { do: 'tell-if-paused' }
  | { do: 'start'; nodeIds: string[] }
  /** A control.call step now waits for a sub-flow run that may have ended before this commit: it takes the result then. */
  | { do: 'collect'; child: string }
  /** A control.loop step now waits for its body runs: they start (loops.ts). */
  | { do: 'iterate' };

/**
 * After a step's commit: a compensating run undoes its calls; a step waiting for a time wakes the
 * scheduler; a finishing run completes; else callers waiting for an answer or a pause hear of it, the
 * successors the step made ready start, and a step waiting for a sub-flow run takes its result if it ended.
 */
export function effectsAfterCommit(
  s: Pick<SettledStep, 'rec' | 'finishing' | 'ready'>,
  run: { stopped: boolean; compensating: boolean; responded: boolean },
): Effect[] {
  if (run.stopped) return [];
  if (run.compensating) return [{ do: 'compensate' }];
  const effects: Effect[] = [];
  if (s.rec.nextAttemptAt !== null && (s.rec.status === 'retrying' || s.rec.status === 'waiting'))
    effects.push({ do: 'wake', at: s.rec.nextAttemptAt });
  if (s.finishing) {
    effects.push({ do: 'complete' });
    return effects;
  }
  if (run.responded) effects.push({ do: 'answer' });
  effects.push({ do: 'tell-if-paused' });
  if (s.ready.length > 0) effects.push({ do: 'start', nodeIds: s.ready });
  if (s.rec.status === 'waiting' && s.rec.child !== undefined) effects.push({ do: 'collect', child: s.rec.child });
  if (s.rec.status === 'waiting' && s.rec.loop) effects.push({ do: 'iterate' });
  return effects;
}
