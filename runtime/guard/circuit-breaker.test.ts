import { describe, it, expect } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.ts';

function breaker(failureThreshold = 3, cooldownMs = 10_000) {
  let t = 1_000_000;
  const clock = { now: () => t, advance: (ms: number) => (t += ms) };
  return {
    clock,
    cb: new CircuitBreaker('erp.example.com', { failureThreshold, cooldownMs, probeWaitMs: 500, now: clock.now }),
  };
}

function failTimes(cb: CircuitBreaker, n: number) {
  for (let i = 0; i < n; i++) cb.failure(cb.admit(), `POST erp.example.com answered 503 (${i + 1})`);
}

const holdOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err as {
      code: string;
      message: string;
      retryable: boolean;
      retryAfterMs: number;
      details: Record<string, unknown>;
    };
  }
  throw new Error('expected a hold error');
};

describe('circuit breaker', () => {
  it('stays closed below the threshold and counts only consecutive failures', () => {
    const { cb } = breaker();
    failTimes(cb, 2);
    cb.success(cb.admit());
    failTimes(cb, 2);
    expect(cb.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 2, openedAt: null, nextTryAt: null });
    expect(cb.refusal()).toBeNull();
  });

  it('opens after N failures in a row and then refuses with a hold error', () => {
    const { cb, clock } = breaker();
    failTimes(cb, 3);
    const opened = clock.now();
    expect(cb.snapshot()).toEqual({
      host: 'erp.example.com',
      state: 'open',
      consecutiveFailures: 3,
      openedAt: opened,
      nextTryAt: opened + 10_000,
      lastError: 'POST erp.example.com answered 503 (3)',
    });
    clock.advance(4000);
    const hold = holdOf(() => cb.admit());
    expect(hold).toMatchObject({
      code: 'circuit_open',
      retryable: true,
      retryAfterMs: 6000,
      message: 'circuit for erp.example.com is open after 3 failures; next try in 6s',
    });
    expect(hold.details).toMatchObject({ host: 'erp.example.com', state: 'open', nextTryAt: opened + 10_000 });
    expect(cb.refusal()?.retryAfterMs).toBe(6000);
  });

  it('lets exactly one probe through after the cool-down; the others wait briefly', () => {
    const { cb, clock } = breaker();
    failTimes(cb, 3);
    clock.advance(10_000);
    expect(cb.state).toBe('half_open');
    expect(cb.admit()).toEqual({ probe: true });
    const other = holdOf(() => cb.admit());
    expect(other).toMatchObject({ code: 'circuit_open', retryAfterMs: 500 });
    expect(other.message).toContain('half-open');
    expect(cb.snapshot().state).toBe('half_open');
  });

  it('closes when the probe succeeds', () => {
    const { cb, clock } = breaker();
    failTimes(cb, 3);
    clock.advance(10_000);
    cb.success(cb.admit());
    expect(cb.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 0, openedAt: null, nextTryAt: null });
    expect(cb.admit()).toEqual({ probe: false });
  });

  it('reopens for another cool-down when the probe fails', () => {
    const { cb, clock } = breaker();
    failTimes(cb, 3);
    clock.advance(12_000);
    cb.failure(cb.admit(), 'POST erp.example.com answered 500');
    const reopened = clock.now();
    expect(cb.snapshot()).toMatchObject({
      state: 'open',
      consecutiveFailures: 4,
      openedAt: reopened,
      nextTryAt: reopened + 10_000,
      lastError: 'POST erp.example.com answered 500',
    });
    expect(holdOf(() => cb.admit()).retryAfterMs).toBe(10_000);
  });

  it('frees the probe when it ends without a verdict (aborted, 429)', () => {
    const { cb, clock } = breaker();
    failTimes(cb, 3);
    clock.advance(10_000);
    cb.neutral(cb.admit());
    expect(cb.admit()).toEqual({ probe: true });
  });

  it('does not extend the cool-down for failures of requests sent before it opened', () => {
    const { cb, clock } = breaker();
    const late = cb.admit();
    failTimes(cb, 3);
    const { nextTryAt } = cb.snapshot();
    clock.advance(1000);
    cb.failure(late, 'timeout');
    expect(cb.snapshot()).toMatchObject({ state: 'open', consecutiveFailures: 4, nextTryAt });
  });

  it('takes the count of failures the processes share, and opens when it reaches the threshold', () => {
    const { cb } = breaker();
    cb.failure(cb.admit(), 'timeout', 2);
    expect(cb.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 2 });
    cb.failure(cb.admit(), 'timeout', 3);
    expect(cb.snapshot()).toMatchObject({ state: 'open', consecutiveFailures: 3 });
  });

  it("adopts another process's count of a closed circuit, and its closing", () => {
    const { cb, clock } = breaker();
    const counted = { consecutiveFailures: 2, openedAt: null, nextTryAt: null, lastError: 'timeout' };
    cb.adopt(counted);
    expect(cb.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 2, lastError: 'timeout' });
    cb.adopt({ ...counted, consecutiveFailures: 3, openedAt: clock.now(), nextTryAt: clock.now() + 10_000 });
    expect(cb.snapshot()).toMatchObject({ state: 'open', consecutiveFailures: 3 });
    // Read before the circuit opened: it stays open for its cool-down.
    cb.adopt(counted);
    expect(cb.snapshot()).toMatchObject({ state: 'open', consecutiveFailures: 3 });
    clock.advance(10_000);
    cb.adopt(counted);
    expect(cb.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 2, nextTryAt: null });
    cb.adopt(null);
    expect(cb.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });
});
