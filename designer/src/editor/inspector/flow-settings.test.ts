import { describe, expect, it } from 'vitest';
import { numberSetting, readableMs, textSetting, withSetting } from './flow-settings.ts';

describe('flow settings in the inspector', () => {
  it('sets a setting, and removes it when blank', () => {
    expect(withSetting({ concurrency: 2 }, 'owner', 'Finance IT')).toEqual({ concurrency: 2, owner: 'Finance IT' });
    expect(withSetting({ concurrency: 2, owner: 'x' }, 'owner', textSetting('  '))).toEqual({ concurrency: 2 });
    expect(withSetting(undefined, 'sla', { maxDurationMs: numberSetting('60000') })).toEqual({
      sla: { maxDurationMs: 60_000 },
    });
    expect(numberSetting('')).toBeUndefined();
  });

  it('reads milliseconds in the two largest whole units', () => {
    expect(readableMs(250)).toBe('250 ms');
    expect(readableMs(45_000)).toBe('45 s');
    expect(readableMs(5_400_000)).toBe('1 h 30 min');
    expect(readableMs(3_600_000)).toBe('1 h');
    expect(readableMs(86_400_000 + 60_000)).toBe('1 d');
    expect(readableMs(90_061_000)).toBe('1 d 1 h');
  });
});
