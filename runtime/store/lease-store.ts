import type { workers } from './schema.ts';

export type WorkerRow = typeof workers.$inferSelect;

/**
 * Worker leases. Written directly (autocommit), not through the group committer: a claim must be
 * settled before the claimant touches the run, and the database serialises the claims of several processes.
 */
export interface LeaseStore {
  register(w: WorkerRow): Promise<void>;
  /**
   * Extends a lease that is still live at `now`. False when the row is gone or the lease had run out:
   * other workers may have taken this one's runs over meanwhile.
   */
  renew(id: string, expiresAt: number, now: number): Promise<boolean>;
  remove(id: string): Promise<void>;
  /** Oldest first. */
  workers(): Promise<WorkerRow[]>;
  /** Takes a run for `owner` unless a live worker holds it; true when `owner` now holds it. */
  claim(runId: string, owner: string, now: number): Promise<boolean>;
  /**
   * Like claim, for taking over: only a run still executing (running or compensating). A run another
   * worker took over and finished since it was read stays finished, so it is never executed twice.
   */
  adopt(runId: string, owner: string, now: number): Promise<boolean>;
  owner(runId: string): Promise<string | null>;
  /** Runs being executed whose worker's lease has run out (or that never had one). */
  orphans(now: number): Promise<string[]>;
  /** Runs `owner` holds that have not changed since `before`, oldest first (its own, to check against its memory). */
  stale(owner: string, before: number): Promise<string[]>;
  /** How many executing runs each worker holds. */
  held(): Promise<Map<string | null, number>>;
}
