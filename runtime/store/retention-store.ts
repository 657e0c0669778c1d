import type { DatabaseSize, RetentionRule } from '../../shared/retention.ts';

/** The runs a policy covers: one flow's, or those of every flow without a policy of its own ('default'). */
export type PruneScope = { flowId: string } | 'default';

/** A run a prune removed something of. */
export interface PrunedRun {
  id: string;
  flowId: string;
}

/** Where a walk over succeeded runs is: after this (created_at, id). */
export interface PruneCursor {
  createdAt: number;
  id: string;
}

/**
 * Retention policies and the prune of run data. Each prune method does one batch and is called inside
 * its own store.write, so the write lock is held for one batch at a time. Running and waiting runs (no
 * finished_at), and finished runs whose calling run has not finished yet, are never touched.
 */
export interface RetentionStore {
  /** By flow id ('*' first). */
  rules(): Promise<RetentionRule[]>;
  rule(flowId: string): Promise<RetentionRule | null>;
  /** Sets a flow's own policy (or the default, '*'). */
  set(rule: RetentionRule): Promise<void>;
  /** The removed row, or null when there was none. */
  remove(flowId: string): Promise<RetentionRule | null>;
  /** Every flow's id and name, by name. */
  flowNames(): Promise<{ id: string; name: string }[]>;

  /**
   * Deletes up to `limit` finished runs of `scope` created and finished before `cutoff`, with every row
   * that belongs to them (steps, payloads, files, actions, recoveries, the dedupe key). Returns them.
   */
  deleteExpired(scope: PruneScope, cutoff: number, limit: number): Promise<PrunedRun[]>;
  /**
   * Drops the step inputs and outputs (and stored payloads and files) of up to `limit` succeeded runs of `scope`
   * after `after` that still have some, in (created_at, id) order; their outline stays. Returns them
   * with where the next batch starts.
   */
  dropPayloads(scope: PruneScope, after: PruneCursor, limit: number): Promise<{ runs: PrunedRun[]; next: PruneCursor }>;
}

/** What the database takes on disk, and handing freed space back to the file system. */
export interface DatabaseSpace {
  size(): Promise<DatabaseSize>;
  /** Gives free space back, stopping early when `shouldStop` says so; the pages handed back. */
  reclaim(shouldStop: () => boolean): Promise<number>;
}
