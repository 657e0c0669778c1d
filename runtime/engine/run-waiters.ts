import type { WeftErrorShape } from '../../shared/errors.ts';
import type { RunResponse, RunStatus } from '../../shared/run.ts';
import { isPaused } from './pause.ts';
import type { RunState } from './run-state.ts';

export interface RunOutcome {
  runId: string;
  status: RunStatus;
  response: RunResponse | null;
  error: (WeftErrorShape & { nodeId?: string }) | null;
}

/** What a caller waits for: the run's answer (or its end), its pause (pause.ts) or its end. */
export type WaitUntil = 'respond' | 'pause' | 'finish';

type Waiter = (o: RunOutcome) => void;

export function outcomeOf(rs: RunState): RunOutcome {
  return { runId: rs.id, status: rs.status, response: rs.response, error: rs.failure };
}

/**
 * Callers waiting for runs this worker executes. An answer is given only once it is committed, so the
 * response each run had at its last commit is kept here too.
 */
export class RunWaiters {
  private readonly lists: Record<WaitUntil, Map<string, Waiter[]>> = {
    respond: new Map(),
    pause: new Map(),
    finish: new Map(),
  };
  private readonly committed = new WeakMap<RunState, RunResponse | null>();

  /** Resolves as `until` says, or with null after `timeoutMs`. */
  wait(rs: RunState, until: WaitUntil, timeoutMs: number, now: number): Promise<RunOutcome | null> {
    if ((until === 'respond' && this.committed.get(rs)) || (until === 'pause' && isPaused(rs, now)))
      return Promise.resolve(outcomeOf(rs));
    const list = this.lists[until];
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        const waiting = list.get(rs.id);
        if (waiting) waiting.splice(waiting.indexOf(done), 1);
        resolve(null);
      }, timeoutMs);
      const done = (o: RunOutcome) => {
        clearTimeout(t);
        resolve(o);
      };
      const waiting = list.get(rs.id) ?? [];
      waiting.push(done);
      list.set(rs.id, waiting);
    });
  }

  /** True when the run has set an answer that is not committed yet. */
  hasNewResponse(rs: RunState): boolean {
    return rs.response !== null && rs.response !== this.committed.get(rs);
  }

  /** The answer the run had at its last commit. */
  committedResponse(rs: RunState): RunResponse | null {
    return this.committed.get(rs) ?? null;
  }

  /** The run's response is committed now; true when it is a new answer. */
  commitResponse(rs: RunState): boolean {
    const fresh = this.hasNewResponse(rs);
    this.committed.set(rs, rs.response);
    return fresh;
  }

  /** Callers waiting for the run's answer hear it. */
  answer(rs: RunState): void {
    this.notify(rs, 'respond');
  }

  /** Callers waiting for the run to pause hear of it, if it has. */
  tellIfPaused(rs: RunState, now: number): void {
    if (this.lists.pause.has(rs.id) && isPaused(rs, now)) this.notify(rs, 'pause');
  }

  /** The run has ended: every caller waiting for it hears of it. */
  ended(rs: RunState): void {
    this.notify(rs, 'respond');
    this.notify(rs, 'finish');
    this.notify(rs, 'pause');
  }

  private notify(rs: RunState, until: WaitUntil): void {
    const list = this.lists[until].get(rs.id);
    if (!list) return;
    this.lists[until].delete(rs.id);
    const o = outcomeOf(rs);
    for (const w of list) w(o);
  }
}
