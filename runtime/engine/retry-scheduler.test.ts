import { describe, expect, it } from 'vitest';
import { RetryScheduler } from './retry-scheduler.ts';
import { ManualClock } from './clock.ts';
import type { RunStore } from '../store/run-store.ts';

/** Retrying steps as the store holds them; a dispatched step keeps its old due time until it settles. */
function fakeStore(due: Map<string, number>) {
  return {
    dueRetries: async (now: number) =>
      [...due]
        .filter(([, at]) => at <= now)
        .sort((a, b) => a[1] - b[1])
        .map(([runId]) => ({ runId, nodeId: 'n' })),
    nextDueAt: async (now: number) => {
      const later = [...due.values()].filter((at) => at > now);
      return later.length ? Math.min(...later) : null;
    },
  } as unknown as RunStore;
}

describe('retry scheduler', () => {
  it('dispatches a step due soon after another, even while the first is still in flight', async () => {
    const clock = new ManualClock(0);
    const due = new Map([['b', 520]]);
    const dispatched: [string, number][] = [];
    // Like the engine, a step already in flight is not dispatched twice.
    const scheduler = new RetryScheduler(
      fakeStore(due),
      clock,
      (runId) => {
        if (!dispatched.some(([id]) => id === runId)) dispatched.push([runId, clock.now()]);
      },
      (err) => {
        throw err;
      },
    );
    scheduler.start();
    await clock.advanceSettled(0);
    scheduler.wake(520);
    due.set('a', 873);
    scheduler.wake(873);
    await clock.advanceSettled(1000);
    expect(dispatched).toEqual([
      ['b', 520],
      ['a', 873],
    ]);
  });

  it('looks again at least every poll interval', async () => {
    const clock = new ManualClock(0);
    const due = new Map<string, number>();
    const dispatched: string[] = [];
    const scheduler = new RetryScheduler(
      fakeStore(due),
      clock,
      (runId) => dispatched.push(runId),
      (err) => {
        throw err;
      },
      5_000,
    );
    scheduler.start();
    due.set('late', 7_000); // written by another process: no wake() call
    await clock.advanceSettled(6_000);
    expect(dispatched).toEqual([]);
    await clock.advanceSettled(4_000);
    expect(dispatched).toEqual(['late']);
  });

  it('reports a store it cannot read and looks again a poll later', async () => {
    const clock = new ManualClock(0);
    const due = new Map([['r', 1_000]]);
    const store = fakeStore(due);
    const read = store.dueRetries.bind(store);
    let failing = true;
    store.dueRetries = async (now, limit) => {
      if (failing) throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
      return read(now, limit);
    };
    const dispatched: string[] = [];
    const errors: string[] = [];
    const scheduler = new RetryScheduler(
      store,
      clock,
      (runId) => dispatched.push(runId),
      (err) => errors.push(err.message),
      5_000,
    );
    expect(() => scheduler.start(), 'a store that cannot be read does not throw from the timer').not.toThrow();
    await clock.advanceSettled(5_000);
    expect(errors).toEqual(['disk I/O error', 'disk I/O error']);
    expect(dispatched).toEqual([]);
    failing = false;
    await clock.advanceSettled(5_000);
    expect(dispatched).toEqual(['r']);
  });
});
