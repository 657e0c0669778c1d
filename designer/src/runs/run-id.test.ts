import { describe, expect, it } from 'vitest';
import { runLabel, shortRunId } from './run-id.ts';

const time = (ms: number) => new Date(ms).toISOString().slice(11, 19);

describe('run labels', () => {
  it('tell runs of one process apart: the time digits of the id differ, the process part does not', () => {
    const a = 'run_019b7a3c5e10000000a1b2c3d4e5';
    const b = 'run_019b7a3c9f22000000a1b2c3d4e5';
    expect(shortRunId(a)).not.toBe(shortRunId(b));
    expect(runLabel({ id: a, createdAt: Date.UTC(2026, 11, 3, 14, 5, 3) }, time)).toBe('14:05:03 · 7a3c5e10');
  });

  it('lead with the business key, else the correlation id, when the run has one', () => {
    expect(
      runLabel(
        {
          id: 'run_019b7a3c5e10000000a1b2c3d4e5',
          createdAt: Date.UTC(2026, 11, 3, 14, 5, 3),
          correlationId: 'OPP-1001',
        },
        time,
      ),
    ).toBe('OPP-1001 · 14:05:03 · 7a3c5e10');
    expect(
      runLabel(
        {
          id: 'run_019b7a3c5e10000000a1b2c3d4e5',
          createdAt: Date.UTC(2026, 11, 3, 14, 5, 3),
          businessKey: 'INV-1042',
          correlationId: 'OPP-1001',
        },
        time,
      ),
    ).toBe('INV-1042 · 14:05:03 · 7a3c5e10');
  });
});
