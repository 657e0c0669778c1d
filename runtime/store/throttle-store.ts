/** Failed sign-ins under one key ("account:<email>" or "address:<ip>"). */
export interface ThrottleRow {
  key: string;
  failures: number;
  lastFailureAt: number;
  blockedUntil: number | null;
}

/** The sign-in throttle's counts. */
export interface ThrottleStore {
  /**
   * The rows of `keys`, in that order, each created (no failures, last failure at `now`) when absent and
   * held until the write ends, so concurrent attempts under one key count one after another.
   */
  hold(keys: readonly string[], now: number): Promise<ThrottleRow[]>;
  put(row: ThrottleRow): Promise<void>;
  delete(key: string): Promise<void>;
  /** Takes one failure back; the block ends when fewer than `maxFailures` remain. */
  undo(key: string, maxFailures: number): Promise<void>;
  /** Rows quiet since before `quietBefore` whose block (if any) ended before `now`. */
  prune(quietBefore: number, now: number): Promise<void>;
}
