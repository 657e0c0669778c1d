/** Live runs of one flow finished with one status in a time range: how many, and their durations added up (ms). */
export interface RollupTotal {
  flowId: string;
  status: string;
  count: number;
  durationSum: number;
}

/** One point of a flow's series: the runs finished with `status` from `at` for one step of the series. */
export interface RollupPoint {
  at: number;
  status: string;
  count: number;
  durationSum: number;
}

/** Failed live runs by error code and node (null when the error names none). */
export interface FailureCount {
  flowId: string;
  errorCode: string | null;
  nodeId: string | null;
  count: number;
}

/** What the unfinished live runs of a flow are doing now. */
export interface LiveCounts {
  flowId: string;
  /** Not finished. */
  unfinished: number;
  /** With a step waiting for its next attempt. */
  retrying: number;
  /** Waiting for an approval, a delay or a sub-flow. */
  waiting: number;
  /** With a step held back because the circuit of its downstream is open. */
  heldByCircuit: number;
}

/** How long the roll-ups are kept: past the longest range the dashboard shows (a year). */
export const ROLLUP_KEEP_MS = 400 * 86_400_000;

/**
 * The dashboard's numbers. Runs finished are counted per flow and minute as each live run finishes, in the
 * write that finishes it (RunStore.finishRun; reopening a run takes it out again): reads over a time range
 * add up minutes, never runs. Times are ms since epoch; a range is [from, to), to the minute.
 */
export interface RollupStore {
  /** Per flow and end status, the live runs finished in the range. */
  totals(from: number, to: number, flowId?: string): Promise<RollupTotal[]>;
  /** Per flow, end status and duration bucket, the live runs finished in the range (one read for totals and SLAs). */
  buckets(from: number, to: number, flowId?: string): Promise<(RollupTotal & { bucket: number })[]>;
  /** A flow's runs finished in the range, per status and per `stepMs` (a whole number of minutes) from `from`. */
  series(flowId: string, from: number, to: number, stepMs: number): Promise<RollupPoint[]>;
  /** A flow's runs finished in the range by duration bucket (store/duration-buckets.ts): bucket → count. */
  histogram(flowId: string, from: number, to: number): Promise<Map<number, number>>;
  /** The failures of the range by flow, error code and node, most first. */
  failures(from: number, to: number, flowId?: string): Promise<FailureCount[]>;
  /** Per flow with unfinished live runs, what they are doing. */
  live(): Promise<LiveCounts[]>;
  /** Per flow, its failed live runs (the failed-runs queue), whenever they failed. */
  failedQueue(): Promise<Map<string, number>>;

  // --- a write: through `tx.rollups` inside store.write ---

  /** Deletes the roll-ups of the minutes before `before`; returns how many rows went. */
  prune(before: number): Promise<number>;
}
