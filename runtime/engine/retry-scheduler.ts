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

  constructor(
    private readonly store: RunStore,
    private readonly clock: Clock,
    private readonly dispatch: (runId: string, nodeId: string) => void,
    /** A store that cannot be read (I/O error) is reported here; the scheduler looks again a poll later. */
    private readonly onError: (err: Error) => void,
    private readonly pollMs = 5_000,
  ) {}

  start(): void {
    this.started = true;
    this.tick();
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

  /** Dispatches every due step, then arms the timer for the next one. */
  tick(): void {
    if (!this.started) return;
    this.timer = null;
    this.timerAt = Infinity;
    const now = this.clock.now();
    let next: number | null = null;
    try {
      for (const d of this.store.dueRetries(now, 5_000)) this.dispatch(d.runId, d.nodeId);
      next = this.store.nextDueAt(now);
    } catch (err) {
      this.onError(err as Error);
    }
    this.arm(next !== null ? Math.min(next, now + this.pollMs) : now + this.pollMs);
  }

  private arm(at: number): void {
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timerAt = at;
    this.timer = this.clock.setTimer(() => this.tick(), at - this.clock.now());
  }
}
