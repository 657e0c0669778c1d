import type { Clock } from './clock.ts';
import type { RunState } from './run-state.ts';

/** The flow setting runTimeoutMs: one timer on the engine clock per live run that executes on this worker. */
export class Deadlines {
  private readonly timers = new Map<string, unknown>();

  constructor(
    private readonly clock: Clock,
    private readonly expire: (rs: RunState) => void,
  ) {}

  /** Arms the run's deadline, counted from its creation or an operator's retry (once per run). */
  arm(rs: RunState): void {
    const limit = rs.mode === 'live' ? rs.plan.definition.settings?.runTimeoutMs : undefined;
    if (!limit || this.timers.has(rs.id)) return;
    const at = (rs.deadlineBase ?? rs.createdAt) + limit;
    const timer = this.clock.setTimer(
      () => {
        this.timers.delete(rs.id);
        this.expire(rs);
      },
      Math.max(0, at - this.clock.now()),
    );
    this.timers.set(rs.id, timer);
  }

  disarm(rs: RunState): void {
    const t = this.timers.get(rs.id);
    if (t !== undefined) this.clock.clearTimer(t);
    this.timers.delete(rs.id);
  }
}
