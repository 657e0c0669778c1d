import type { RunRow } from './run-store.ts';
import type { FailedFilter, FailedGroup } from '../../shared/run.ts';

export interface RunFilter {
  flowId?: string;
  status?: string;
  mode?: 'live' | 'test';
  from?: number;
  to?: number;
  /**
   * The business key exactly, or text found (case-insensitively) in the trigger event, the correlation id
   * or the dedupe key.
   */
  q?: string;
  /**
   * The text search covers only runs created at or after this (the business key match is not bounded): a
   * text found in no run would otherwise be looked for in every run's trigger event (see textWindow).
   */
  textFrom?: number;
  /** Only runs whose error names this step, or has this code (a group of the failed-runs queue). */
  nodeId?: string;
  errorCode?: string;
  /** Only runs of the flows this principal owns, by its id (an analyst sees the runs of their own flows). */
  flowOwnerId?: string;
  /** Runs listed after this one: created before it, or at the same time with a smaller id (for paging). */
  before?: string;
  limit: number;
}

/** A run row for the history list, with totals over its steps. */
export type RunListRow = RunRow & {
  /** Attempts of all its steps together. */
  attempts: number;
  /** finishedAt − createdAt; null while the run is running. */
  durationMs: number | null;
};

export type { FailedFilter, FailedGroup };

/** The run history and the failed-runs queue, for the API and the operators' bulk actions. */
export interface RunQueries {
  /**
   * Newest first (by creation time, then id); the trigger body is left out (null) and a test run's
   * definition is cut to its settings (`{"settings": …}`).
   */
  list(f: RunFilter): Promise<RunListRow[]>;
  /**
   * Where a text search over the newest `runs` runs matching the filter (its text and page cursor left out)
   * begins: the creation time of the oldest of them, for `textFrom`; undefined when fewer runs match.
   */
  textWindow(f: RunFilter, runs: number): Promise<number | undefined>;
  /** The failed-runs queue grouped by flow, node and error, biggest groups first. */
  failedGroups(f: FailedFilter): Promise<Omit<FailedGroup, 'nodeName'>[]>;
  /** Ids of failed live runs matching the filter, oldest first (at most `limit`). */
  failedRunIds(f: FailedFilter, limit: number): Promise<string[]>;
}

/** `text` as a LIKE pattern matching it anywhere, literally (with ESCAPE '\'). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}
