import { ErrorCodes, WeftError } from '../../shared/errors.ts';
import type { Clock } from '../engine/clock.ts';
import type { Store } from '../store/ports.ts';
import { holdError } from './hold-error.ts';
import { turnHold, type Limiter, type RateLimit, type RateLimitSnapshot } from './rate-limiter.ts';
import { takeTurn } from './turns.ts';

export interface SharedRateLimiterOptions {
  rate: RateLimit;
  maxWaitMs: number;
  clock: Clock;
  store: Pick<Store, 'write'>;
  /** A pause the store did not take (logged; this process honours it anyway). */
  lost?: (err: Error) => void;
}

/** How long a request waits before trying again when its turn could not be taken (the database is away). */
const STORE_AWAY_WAIT_MS = 1000;

/**
 * A downstream's rate limit held in the store, so it holds for every process of an installation together:
 * a request takes the next turn in one write (the row is locked meanwhile, so turns are taken one at a
 * time across processes), then waits here until its turn comes.
 */
export class SharedRateLimiter implements Limiter {
  private waiting = 0;
  private pausedUntil = 0;

  constructor(
    readonly host: string,
    private readonly o: SharedRateLimiterOptions,
  ) {}

  get rate(): RateLimit {
    return this.o.rate;
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    const { rate, maxWaitMs, clock } = this.o;
    const now = clock.now();
    const local = Math.max(now, this.pausedUntil);
    if (local - now > maxWaitMs) throw turnHold(this.host, this.o, local - now, true, this.waiting);
    let turn: ReturnType<typeof takeTurn>;
    try {
      turn = await this.o.store.write(async (tx) => {
        const t = takeTurn(await tx.downstreams.holdTurns(this.host), rate, now, maxWaitMs);
        if (t.taken) await tx.downstreams.putTurns({ key: this.host, ...t.taken });
        return t;
      });
    } catch (err) {
      throw holdError(
        `the rate limit of ${this.host} is shared by every process and its turns could not be taken (${(err as Error).message}); next try in ${STORE_AWAY_WAIT_MS / 1000}s`,
        STORE_AWAY_WAIT_MS,
        { host: this.host, reason: 'store_unavailable' },
      );
    }
    if (!turn.taken) throw turnHold(this.host, this.o, turn.at - now, turn.paused, this.waiting);
    await this.until(turn.at, signal);
  }

  pause(until: number): boolean {
    if (until <= this.pausedUntil) return false;
    this.pausedUntil = until;
    this.o.store.write((tx) => tx.downstreams.pauseTurns(this.host, until)).catch((err: Error) => this.o.lost?.(err));
    return true;
  }

  snapshot(): RateLimitSnapshot {
    return {
      host: this.host,
      limit: this.o.rate.limit,
      intervalMs: this.o.rate.intervalMs,
      waiting: this.waiting,
      pausedUntil: this.pausedUntil > this.o.clock.now() ? this.pausedUntil : null,
    };
  }

  private until(at: number, signal?: AbortSignal): Promise<void> {
    const { clock } = this.o;
    const wait = at - clock.now();
    if (wait <= 0) return Promise.resolve();
    this.waiting++;
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        this.waiting--;
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        clock.clearTimer(timer);
        done();
        reject(new WeftError(ErrorCodes.aborted, `request to ${this.host} was aborted while waiting for its turn`));
      };
      const timer = clock.setTimer(() => {
        done();
        resolve();
      }, wait);
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
