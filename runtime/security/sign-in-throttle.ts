import type { Store } from '../store/ports.ts';
import type { ThrottleRow } from '../store/throttle-store.ts';
import { WeftError } from '../../shared/errors.ts';

export interface ThrottleOptions {
  /** Failures per account, and per address, after which sign-in is refused for a while. */
  maxFailures: number;
  /** Failures are forgotten after this long without another one (and without a block). */
  windowMs: number;
  /** The first refusal lasts this long; each further failure doubles it, up to maxBlockMs. */
  blockMs?: number;
  maxBlockMs?: number;
}

/** One sign-in attempt, counted as a failure until it says otherwise. */
export interface SignInAttempt {
  succeeded(): Promise<void>;
}

const PRUNE_EVERY_MS = 60_000;

/**
 * Slows password guessing per account and per client address. An attempt is counted before the
 * password is checked (so parallel guesses count too); a success takes it back — the account's count
 * starts over, the address keeps its other failures. Kept in the database, so every process sharing
 * it and every restart see the same counts.
 */
export class SignInThrottle {
  private prunedAt = 0;

  constructor(
    private readonly store: Pick<Store, 'write'>,
    private readonly opts: ThrottleOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a sign-in attempt for the account and the address; refuses it (429, Retry-After) while either is blocked. */
  async attempt(account: string, address: string): Promise<SignInAttempt> {
    const now = this.now();
    const prune = now - this.prunedAt >= PRUNE_EVERY_MS;
    if (prune) this.prunedAt = now;
    const accountKey = `account:${account.trim().toLowerCase()}`;
    const addressKey = `address:${address}`;
    const blockedUntil = await this.store.write(async (tx) => {
      if (prune) await tx.throttle.prune(now - this.opts.windowMs, now);
      const rows = await tx.throttle.hold([accountKey, addressKey], now);
      const until = Math.max(0, ...rows.map((r) => r.blockedUntil ?? 0));
      if (until > now) return until;
      for (const row of rows) await tx.throttle.put(this.counted(row, now));
      return null;
    });
    if (blockedUntil !== null) throw tooMany(blockedUntil - now);
    return {
      succeeded: () =>
        this.store.write(async (tx) => {
          await tx.throttle.delete(accountKey);
          await tx.throttle.undo(addressKey, this.opts.maxFailures);
        }),
    };
  }

  /** The row with one more failure at `now`, blocked once past the limit. */
  private counted(row: ThrottleRow, now: number): ThrottleRow {
    const quietSince = Math.max(row.lastFailureAt, row.blockedUntil ?? 0);
    const failures = (now - quietSince <= this.opts.windowMs ? row.failures : 0) + 1;
    const over = failures - this.opts.maxFailures;
    const block =
      over >= 0 ? Math.min((this.opts.blockMs ?? 60_000) * 2 ** over, this.opts.maxBlockMs ?? 3_600_000) : null;
    return { key: row.key, failures, lastFailureAt: now, blockedUntil: block === null ? null : now + block };
  }
}

function tooMany(waitMs: number): WeftError {
  const seconds = Math.ceil(waitMs / 1000);
  return new WeftError('too_many_attempts', `too many failed sign-ins; try again in ${seconds} s`, {
    retryAfterMs: seconds * 1000,
    details: { retryAfterSeconds: seconds },
  });
}
