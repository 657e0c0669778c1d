import { describe, it, expect } from 'vitest';
import { ManualClock } from '../engine/clock.ts';
import { RateLimiter } from './rate-limiter.ts';

function limiter(rate: { limit: number; intervalMs: number } | null, maxWaitMs = 30_000) {
  const clock = new ManualClock();
  const l = new RateLimiter('erp.example.com', { rate, maxWaitMs, clock });
  const order: string[] = [];
  const take = (name: string, signal?: AbortSignal) => l.acquire(signal).then(() => void order.push(name));
  return { clock, l, order, take };
}

describe('rate limiter', () => {
  it('lets `limit` requests start at once, then paces the rest one window later, in arrival order', async () => {
    // A request leaves the queue the moment it may start (timers fire inside clock.advance): the queue's
    // length says who has started, and awaiting a request shows the order.
    const { clock, l, order, take } = limiter({ limit: 2, intervalMs: 1000 });
    const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map((n) => take(n));
    await Promise.all([a, b]);
    expect(order).toEqual(['a', 'b']);
    expect(l.snapshot()).toMatchObject({ limit: 2, intervalMs: 1000, waiting: 3, pausedUntil: null });

    clock.advance(999);
    expect(l.snapshot().waiting, 'none starts before the window has passed').toBe(3);
    clock.advance(1);
    expect(l.snapshot().waiting).toBe(1);
    await Promise.all([c, d]);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    clock.advance(1000);
    await e;
    expect(order).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(l.snapshot().waiting).toBe(0);
  });

  it('counts a sliding window: a later request waits only for the oldest start to leave it', async () => {
    const { clock, l, order, take } = limiter({ limit: 2, intervalMs: 1000 });
    await take('a');
    clock.advance(600);
    await take('b');
    const c = take('c');
    clock.advance(399);
    expect(l.snapshot().waiting, 'c waits while a is in the window').toBe(1);
    clock.advance(1);
    expect(l.snapshot().waiting).toBe(0);
    await c;
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('holds the step instead of queueing when the wait would exceed maxWaitMs', async () => {
    const { take } = limiter({ limit: 1, intervalMs: 10_000 }, 15_000);
    await take('a');
    void take('b');
    await expect(take('c')).rejects.toMatchObject({
      code: 'circuit_open',
      retryable: true,
      retryAfterMs: 20_000,
      details: { host: 'erp.example.com', reason: 'rate_limit' },
    });
  });

  it('pauses every waiting request after a 429 until its Retry-After', async () => {
    const { clock, l, order, take } = limiter(null);
    l.pause(clock.now() + 5000);
    expect(l.snapshot()).toMatchObject({ limit: null, pausedUntil: clock.now() + 5000 });
    const a = take('a');
    const b = take('b');
    clock.advance(4999);
    expect(l.snapshot().waiting, 'both wait until the pause ends').toBe(2);
    clock.advance(1);
    expect(l.snapshot().waiting).toBe(0);
    await Promise.all([a, b]);
    expect(order).toEqual(['a', 'b']);
    expect(l.snapshot().pausedUntil).toBeNull();
  });

  it('a pause beyond maxWaitMs holds new requests with the remaining pause', async () => {
    const { clock, l, take } = limiter({ limit: 10, intervalMs: 1000 }, 30_000);
    l.pause(clock.now() + 60_000);
    await expect(take('a')).rejects.toMatchObject({
      code: 'circuit_open',
      retryAfterMs: 60_000,
      details: { reason: 'paused' },
    });
  });

  it('drops a waiting request whose signal aborts, and the next one takes its turn', async () => {
    const { clock, order, take } = limiter({ limit: 1, intervalMs: 1000 });
    await take('a');
    const abort = new AbortController();
    const b = take('b', abort.signal);
    const c = take('c');
    abort.abort();
    await expect(b).rejects.toMatchObject({ code: 'aborted' });
    clock.advance(1000);
    await c;
    expect(order).toEqual(['a', 'c']);
  });
});
