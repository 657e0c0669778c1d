import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import type { Clock } from '../engine/clock.ts';
import { holdError, seconds } from './hold-error.ts';

export interface RateLimit {
  limit: number;
  intervalMs: number;
}

export interface RateLimiterOptions {
  /** Requests allowed per interval; null: unlimited (the queue only honours 429 pauses). */
  rate: RateLimit | null;
  /** Longest a request waits in the queue; beyond it the step is held instead. */
  maxWaitMs: number;
  clock: Clock;
}

export interface RateLimitSnapshot {
  host: string;
  limit: number | null;
  intervalMs: number | null;
  waiting: number;
  pausedUntil: number | null;
}

/** Where requests to one downstream wait their turn: in this process, or shared by the installation's processes. */
export interface Limiter {
  readonly rate: RateLimit | null;
  /** Resolves when the request may start; throws a hold error when it would wait longer than allowed. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Holds every request to this downstream until `until` (a 429's Retry-After); false when it already was held as long. */
  pause(until: number): boolean;
  snapshot(): RateLimitSnapshot;
}

/**
 * One host's request queue: at most `limit` requests start in any window of
 * `intervalMs`; the rest wait their turn in arrival order. A 429 with
 * Retry-After pauses the whole queue until then.
 */
export class RateLimiter implements Limiter {
  private readonly started: number[] = [];
  private readonly queue: (() => void)[] = [];
  private pausedUntil = 0;
  private timer: unknown = null;

  constructor(
    readonly host: string,
    private readonly o: RateLimiterOptions,
  ) {}

  get rate(): RateLimit | null {
    return this.o.rate;
  }

  /** Resolves when the request may start; throws a hold error when it would wait longer than maxWaitMs. */
  acquire(signal?: AbortSignal): Promise<void> {
    const now = this.o.clock.now();
    const at = this.slot(this.queue.length, now);
    if (at - now > this.o.maxWaitMs) return Promise.reject(this.hold(at - now, now));
    if (this.queue.length === 0 && at <= now) {
      this.record(now);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
        this.arm();
        reject(new WeftError(ErrorCodes.aborted, `request to ${this.host} was aborted while waiting for its turn`));
      };
      const waiter = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      this.arm();
    });
  }

  /** Holds every request to this host until `until` (a 429's Retry-After); false when it already was held as long. */
  pause(until: number): boolean {
    if (until <= this.pausedUntil) return false;
    this.pausedUntil = until;
    this.arm();
    return true;
  }

  snapshot(): RateLimitSnapshot {
    return {
      host: this.host,
      limit: this.o.rate?.limit ?? null,
      intervalMs: this.o.rate?.intervalMs ?? null,
      waiting: this.queue.length,
      pausedUntil: this.pausedUntil > this.o.clock.now() ? this.pausedUntil : null,
    };
  }

  /** When the request at queue position `position` (0: the head) would start. */
  private slot(position: number, now: number): number {
    const rate = this.o.rate;
    let t = Math.max(now, this.pausedUntil);
    if (!rate) return t;
    const times = this.started.slice(-rate.limit);
    for (let i = 0; i <= position; i++) {
      if (times.length >= rate.limit) t = Math.max(t, times[times.length - rate.limit] + rate.intervalMs);
      times.push(t);
    }
    return t;
  }

  private record(now: number): void {
    this.started.push(now);
    const keep = this.o.rate?.limit ?? 0;
    if (this.started.length > keep) this.started.splice(0, this.started.length - keep);
  }

  private drain = (): void => {
    this.timer = null;
    const now = this.o.clock.now();
    while (this.queue.length > 0 && this.slot(0, now) <= now) {
      this.record(now);
      this.queue.shift()!();
    }
    this.arm();
  };

  private arm(): void {
    if (this.timer !== null) this.o.clock.clearTimer(this.timer);
    this.timer = null;
    if (this.queue.length === 0) return;
    const now = this.o.clock.now();
    this.timer = this.o.clock.setTimer(this.drain, this.slot(0, now) - now);
  }

  private hold(waitMs: number, now: number): WeftError {
    return turnHold(this.host, this.o, waitMs, this.pausedUntil > now, this.queue.length);
  }
}

/** The error that holds a step whose request would wait longer than `maxWaitMs` for its turn. */
export function turnHold(
  host: string,
  o: { rate: RateLimit | null; maxWaitMs: number },
  waitMs: number,
  paused: boolean,
  waiting: number,
): WeftError {
  const why = paused
    ? `${host} asked to wait (429 Retry-After)`
    : `rate limit for ${host} (${o.rate!.limit} per ${o.rate!.intervalMs} ms) is taken for the next ${seconds(o.maxWaitMs)}`;
  return holdError(`${why}; next try in ${seconds(waitMs)}`, waitMs, {
    host,
    reason: paused ? 'paused' : 'rate_limit',
    waiting,
  });
}
