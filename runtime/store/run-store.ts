import { WeftError } from '../../shared/errors.ts';
import type { runActions, runs, steps } from './schema.ts';

/** A run as stored; the texts error and response are JSON. */
export type RunRow = typeof runs.$inferSelect;
/** A new run: the columns that may be null may be left out. */
export type NewRun = typeof runs.$inferInsert;
/** One node execution of a run as stored; input, output, error and attemptErrors are JSON texts. */
export type StepRow = typeof steps.$inferSelect;
export type NewStep = typeof steps.$inferInsert;
export type RunActionKind = RunActionRow['action'];
export type RunActionRow = Pick<typeof runActions.$inferSelect, 'at' | 'action' | 'note' | 'detail'>;

/** A write of a run by a worker that no longer holds it (RunStore.fence): another worker took the run over. */
export class RunTakenOver extends WeftError {
  constructor(
    readonly runId: string,
    readonly workerId: string,
  ) {
    super(
      'run_leased',
      `run ${runId} is no longer held by worker ${workerId}: another worker took it over, and this write of it is refused`,
      { retryable: true },
    );
  }
}

/**
 * The engine's hot path: the rows of runs and their steps. Writes are made inside `store.write(tx => …)`
 * through `tx.runs`; reads outside a write see what is committed. Connection secrets never reach the
 * store: every text written passes the secret masker.
 */
/** A run waiting for its turn (RunStore.admit). */
export interface AdmissionCandidate {
  id: string;
  orderKey: string | null;
  concurrency?: number;
}

/** A run started by a step of another run, as its parent sees it. */
export interface ChildRunRow {
  id: string;
  status: RunRow['status'];
  error: string | null;
}

export interface RunStore {
  // --- writes: through `tx.runs` inside store.write ---

  insertRun(r: NewRun): Promise<void>;
  /**
   * Lets the waiting runs of `flowId` execute, for every process of the installation, in the order given:
   * each one when no earlier unfinished run holds its ordering key and fewer than its `concurrency`
   * admitted runs of the flow are unfinished (counting those admitted before it here); records their
   * admission and answers their ids. One read whatever their number. Inside a write (it holds the flow's
   * admission until the write ends).
   */
  admit(flowId: string, candidates: readonly AdmissionCandidate[], at: number): Promise<string[]>;
  /** The run that holds a dedupe key, if one does. */
  dedupeHolder(flowId: string, key: string): Promise<string | null>;
  /**
   * Gives a dedupe key to a new run, after its row (the key belongs to the run); null when it got it. The
   * caller looked for a holder first in the same write, but another process may have claimed the key since
   * (PostgreSQL): then the key stays with that run, whose id is returned.
   */
  claimDedupe(flowId: string, key: string, runId: string, now: number): Promise<string | null>;
  /**
   * Refuses the write it is part of (throws RunTakenOver) unless worker `owner` holds run `id`
   * (runs.owner): a worker that was taken for dead writes nothing more of the runs taken from it. On
   * PostgreSQL it share-locks the run's row from when the write's statements reach the server until the
   * write ends: a claim made meanwhile waits for it (and then sees it), one made before makes it refuse.
   */
  fence(id: string, owner: string): Promise<void>;
  upsertStep(r: NewStep): Promise<void>;
  /** The one place a run's error is written: its code and node go into their own columns with it. */
  finishRun(
    id: string,
    status: RunRow['status'],
    error: string | null,
    response: string | null,
    at: number,
  ): Promise<void>;
  reopenRun(id: string, at: number): Promise<void>;
  /**
   * A restart found the step due: counts it unless the step was held (not started), then holds it until
   * its run starts it again. Returns the count of restarts during which the step was executing.
   */
  countRestart(runId: string, nodeId: string): Promise<number>;
  /** The steps are due but their run has not started them: a restart meanwhile does not count against them. */
  holdSteps(runId: string, nodeIds: readonly string[]): Promise<void>;
  /** The steps start now: a restart from here on counts against them. */
  releaseSteps(runId: string, nodeIds: readonly string[]): Promise<void>;
  setStatus(id: string, status: RunRow['status'], at: number): Promise<void>;
  /** Records what an operator did to a run (in the write that makes the change itself). */
  addAction(runId: string, at: number, action: RunActionKind, note: string | null, detail: unknown): Promise<void>;
  /** Forgets the rows of steps (their outputs no longer hold: a step before them runs again). */
  deleteSteps(runId: string, nodeIds: readonly string[]): Promise<void>;
  /** Steps waiting for a retry give up (the run was cancelled). */
  failRetryingSteps(runId: string, error: string, at: number): Promise<void>;
  setResponse(id: string, response: string, at: number): Promise<void>;
  insertPayload(runId: string, hash: string, data: string): Promise<void>;

  // --- reads ---

  run(id: string): Promise<RunRow | undefined>;
  /** A run's status alone, without its trigger event or definition (undefined: no such run). */
  runStatus(id: string): Promise<RunRow['status'] | undefined>;
  /** Oldest first. */
  runsWithStatus(status: RunRow['status']): Promise<RunRow[]>;
  steps(runId: string): Promise<StepRow[]>;
  /** The runs a step started (a control.loop's item runs), in id order: their id, status and error. */
  childRuns(parentRunId: string, parentNodeId: string): Promise<ChildRunRow[]>;
  actions(runId: string): Promise<RunActionRow[]>;
  /** The large step values a run keeps apart from its steps (payloads.ts), by hash. */
  payloads(runId: string): Promise<Map<string, string>>;
  /** Steps whose next attempt (or delay) is due at `now`, earliest first; at the same time, earlier runs first. */
  dueRetries(now: number, limit?: number): Promise<{ runId: string; nodeId: string }[]>;
  /** The earliest retry due after `now` (steps already due are being dispatched and keep their old time until they settle). */
  nextDueAt(now: number): Promise<number | null>;
}
