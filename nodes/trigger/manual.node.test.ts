import { describe, it, expect } from 'vitest';
import manual from './manual.node.ts';
import { makeTestContext } from '../testing.ts';

describe('trigger.manual', () => {
  it('takes no config besides retry', () => {
    expect(manual.config.parse({})).toEqual({});
    expect(manual.config.safeParse({ path: 'x' }).success).toBe(false);
  });

  it('outputs the event body, null when there is none', async () => {
    const body = [1, 2];
    expect(await manual.execute(makeTestContext(), { body }, {})).toBe(body);
    expect(await manual.execute(makeTestContext(), {}, {})).toBeNull();
    expect(manual.trigger).toBe('manual');
  });
});
