import { describe, it, expect } from 'vitest';
import type { RunState } from './run-state.ts';
import { storeValue, loadValue } from './payloads.ts';

describe('step data shaped like a stored reference', () => {
  it('reads back as that data, inline or as a payload', () => {
    const rs = { event: { body: {} }, outputs: Object.create(null) } as unknown as RunState;
    const payloads = new Map<string, string>();
    const loader = { trigger: () => 'TRIGGER', step: () => 'STEP', payload: (h: string) => payloads.get(h) };
    const roundTrip = (v: unknown, cap = 10_000) => {
      const stored = storeValue(rs, v, 'self', cap);
      if (stored.payload) payloads.set(stored.payload.hash, stored.payload.data);
      return loadValue(stored.text, loader);
    };
    for (const v of [
      { $weftRef: 'trigger' },
      { $weftRef: 'step:a' },
      { $weftPayload: 'x', bytes: 1 },
      { $weftLiteral: 1 },
      { $weftLiteral: { $weftRef: 'trigger' } },
      { a: 1, $weftRef: 'x', b: 2 },
      [{ $weftRef: 'trigger' }],
    ])
      expect(roundTrip(v)).toEqual(v);
    const large = { $weftRef: 'x'.repeat(200), other: 1 };
    expect(roundTrip(large, 50)).toEqual(large);
  });
});
