import type { RunStore } from '../store/run-store.ts';
import type { Clock } from './clock.ts';

/**
 * Starts steps whose next attempt is due. The due time is data in the steps
 * table; this only keeps one timer armed for the earliest of them.
 */
export class RetryScheduler {
  private timer: unknown = null;
  private timerAt = Infinity;
  private started = false;
  /** A look at the store is under way; `again`: the timer fired meanwhile, so it looks once more after. */
  private looking = false;
  private again = false;

  constructor(
    private readonly store: Pick<RunStore, 'dueRetries' | 'nextDueAt'>,
    private readonly clock: Clock,
    private readonly dispatch: (runId: string, nodeId: string) => void,
    /** A store that cannot be read (I/O error) is reported here; the scheduler looks again a poll later. */
    private readonly onError: (err: Error) => void,
    private readonly pollMs = 5_000,
  ) {}

  start(): void {
    this.started = true;
    void this.tick();
  }

  stop(): void {
    this.started = false;
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
  }

  /** Makes sure the scheduler looks again no later than `at`. */
  wake(at: number): void {
    if (!this.started || at >= this.timerAt) return;
    this.arm(at);
  }

  /** Dispatches every due step, then arms the timer for the next one. Never throws. */
  async tick(): Promise<void> {
    if (!this.started) return;
    if (this.looking) {
      this.again = true;
      return;
    }
    this.looking = true;
    try {
      do {
        this.again = false;
        await this.look();
      } while (this.again && this.started);
    } finally {
      this.looking = false;
    }
  }

  private async look(): Promise<void> {
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
    const now = this.clock.now();
    let next: number | null = null;
    try {
      const due = await this.store.dueRetries(now, 5_000);
      if (!this.started) return;
      for (const d of due) this.dispatch(d.runId, d.nodeId);
      next = await this.store.nextDueAt(now);
    } catch (err) {
      this.onError(err as Error);
    }
    if (!this.started) return;
    // A wake() while the store was read may have armed an earlier time: that one stays.
    const at = next !== null ? Math.min(next, now + this.pollMs) : now + this.pollMs;
    if (at < this.timerAt) this.arm(at);
  }

  private arm(at: number): void {
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timerAt = at;
    this.timer = this.clock.setTimer(() => this.tick(), at - this.clock.now());
  }
}
