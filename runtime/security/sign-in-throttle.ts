import type Database from 'better-sqlite3';
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

interface Row {
  failures: number;
  lastFailureAt: number;
  blockedUntil: number | null;
}

/** One sign-in attempt, counted as a failure until it says otherwise. */
export interface SignInAttempt {
  succeeded(): void;
}

/**
 * Slows password guessing per account and per client address. An attempt is counted before the
 * password is checked (so parallel guesses count too); a success takes it back — the account's count
 * starts over, the address keeps its other failures. Kept in the database, so every process sharing
 * it and every restart see the same counts.
 */
export class SignInThrottle {
  private readonly get: Database.Statement;
  private readonly put: Database.Statement;
  private readonly drop: Database.Statement;
  private readonly undo: Database.Statement;
  private readonly prune: Database.Statement;
  private readonly begin: (keys: string[], now: number) => void;
  private prunedAt = 0;

  constructor(
    sqlite: Database.Database,
    private readonly opts: ThrottleOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.get = sqlite.prepare(
      `SELECT failures, last_failure_at AS lastFailureAt, blocked_until AS blockedUntil FROM sign_in_throttle WHERE key = ?`,
    );
    this.put = sqlite.prepare(
      `INSERT OR REPLACE INTO sign_in_throttle (key, failures, last_failure_at, blocked_until) VALUES (?, ?, ?, ?)`,
    );
    this.drop = sqlite.prepare(`DELETE FROM sign_in_throttle WHERE key = ?`);
    this.undo = sqlite.prepare(`UPDATE sign_in_throttle SET failures = failures - 1,
      blocked_until = CASE WHEN failures - 1 < ? THEN NULL ELSE blocked_until END WHERE key = ? AND failures > 0`);
    this.prune = sqlite.prepare(
      `DELETE FROM sign_in_throttle WHERE last_failure_at < ? AND (blocked_until IS NULL OR blocked_until < ?)`,
    );
    const tx = sqlite.transaction((keys: string[], now: number) => {
      const rows = keys.map((k) => this.get.get(k) as Row | undefined);
      const until = Math.max(0, ...rows.map((r) => r?.blockedUntil ?? 0));
      if (until > now) throw tooMany(until - now);
      for (const [i, k] of keys.entries()) this.count(k, rows[i], now);
    });
    this.begin = (keys, now) => tx.immediate(keys, now);
  }

  /** Counts a sign-in attempt for the account and the address; refuses it (429, Retry-After) while either is blocked. */
  attempt(account: string, address: string): SignInAttempt {
    const now = this.now();
    if (now - this.prunedAt >= 60_000) {
      this.prunedAt = now;
      this.prune.run(now - this.opts.windowMs, now);
    }
    const accountKey = `account:${account.trim().toLowerCase()}`;
    const addressKey = `address:${address}`;
    this.begin([accountKey, addressKey], now);
    return {
      succeeded: () => {
        this.drop.run(accountKey);
        this.undo.run(this.opts.maxFailures, addressKey);
      },
    };
  }

  private count(key: string, row: Row | undefined, now: number): void {
    const quietSince = Math.max(row?.lastFailureAt ?? 0, row?.blockedUntil ?? 0);
    const failures = (row && now - quietSince <= this.opts.windowMs ? row.failures : 0) + 1;
    const over = failures - this.opts.maxFailures;
    const block =
      over >= 0 ? Math.min((this.opts.blockMs ?? 60_000) * 2 ** over, this.opts.maxBlockMs ?? 3_600_000) : null;
    this.put.run(key, failures, now, block === null ? null : now + block);
  }
}

function tooMany(waitMs: number): WeftError {
  const seconds = Math.ceil(waitMs / 1000);
  return new WeftError('too_many_attempts', `too many failed sign-ins; try again in ${seconds} s`, {
    retryAfterMs: seconds * 1000,
    details: { retryAfterSeconds: seconds },
  });
}
