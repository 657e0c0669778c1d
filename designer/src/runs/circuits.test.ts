import { describe, it, expect } from 'vitest';
import { nextTry, notClosed, type CircuitInfo } from './circuits.ts';

const circuit = (host: string, state: CircuitInfo['state'], nextTryAt: number | null = null): CircuitInfo => ({
  host,
  state,
  consecutiveFailures: 5,
  openedAt: null,
  nextTryAt,
  lastError: null,
});

describe('open circuits', () => {
  it('lists only circuits that are not closed', () => {
    expect(
      notClosed([circuit('a', 'closed'), circuit('b', 'open', 1), circuit('c', 'half_open', 1)]).map((c) => c.host),
    ).toEqual(['b', 'c']);
    expect(notClosed(undefined)).toEqual([]);
  });

  it('says when the next request may go', () => {
    expect(nextTry(circuit('a', 'open', 10_000 + 12_300), 10_000)).toBe('in 13 s');
    expect(nextTry(circuit('a', 'open', 10_000 + 90_000), 10_000)).toBe('in 1 min 30 s');
    expect(nextTry(circuit('a', 'open', 9_000), 10_000)).toBe('now (one probe request)');
    expect(nextTry(circuit('a', 'half_open', 9_000), 10_000)).toBe('now (one probe request)');
    expect(nextTry(circuit('a', 'closed'), 10_000)).toBe('—');
  });
});
