/** Time as the engine sees it; tests substitute a manual clock. */
export interface Clock {
  now(): number;
  /** `fn` may return the promise of the work it started (it must not reject); only a manual clock waits for it. */
  setTimer(fn: () => void | Promise<void>, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => {
    const t = setTimeout(fn, Math.max(0, Math.min(ms, 2_147_483_647)));
    t.unref();
    return t;
  },
  clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** A clock that only moves when told to. Timers fire inside advance(). */
export class ManualClock implements Clock {
  private t: number;
  private timers = new Map<number, { at: number; fn: () => void | Promise<void> }>();
  private nextHandle = 1;

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimer(fn: () => void | Promise<void>, ms: number): unknown {
    const h = this.nextHandle++;
    this.timers.set(h, { at: this.t + Math.max(0, ms), fn });
    return h;
  }

  clearTimer(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void | Promise<void> }] | undefined;
      for (const e of this.timers) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = Math.max(this.t, next[1].at);
      void next[1].fn();
    }
    this.t = end;
  }

  /**
   * Like advance, but each timer fires in a turn of its own, after the work the one before started
   * (promises, store reads) has run, and the promise it returned has settled: for timers whose callbacks
   * are asynchronous.
   */
  async advanceSettled(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      let next: [number, { at: number; fn: () => void | Promise<void> }] | undefined;
      for (const e of this.timers) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = Math.max(this.t, next[1].at);
      await next[1].fn();
    }
    this.t = end;
  }
}
