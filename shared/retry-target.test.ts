import { describe, expect, it } from 'vitest';
import { stepToRetry } from './retry-target.ts';

const step = (nodeId: string, status: string, startedAt: number | null) => ({ nodeId, status, startedAt });

describe('the step a retry applies an edited input to', () => {
  it('is the step the run failed at, even when another failed step started earlier', () => {
    const steps = [step('in', 'succeeded', 1), step('slow', 'failed', 2), step('quick', 'failed', 5)];
    expect(stepToRetry({ error: { nodeId: 'quick' }, steps })?.nodeId).toBe('quick');
  });

  it('is the earliest failed step when the run names none, or names a step that did not fail', () => {
    const steps = [step('in', 'succeeded', 1), step('late', 'failed', 9), step('early', 'failed', 3)];
    expect(stepToRetry({ error: null, steps })?.nodeId).toBe('early');
    expect(stepToRetry({ error: { nodeId: 'in' }, steps })?.nodeId).toBe('early');
    expect(stepToRetry({ steps: [step('a', 'failed', 4), step('b', 'failed', 4)] })?.nodeId).toBe('a');
  });

  it('is none when no step failed', () => {
    expect(stepToRetry({ error: { nodeId: 'x' }, steps: [step('x', 'retrying', 1)] })).toBeUndefined();
    expect(stepToRetry({ error: { nodeId: 'x' } })).toBeUndefined();
  });
});
