import { describe, expect, it } from 'vitest';
import type { StepRow } from '../store/run-store.ts';
import { StoredSteps } from './stored-steps.ts';

const row = (
  nodeId: string,
  status: StepRow['status'],
  output: string | null,
  input: string | null = null,
): StepRow => ({
  runId: 'run_1',
  nodeId,
  status,
  port: status === 'succeeded' ? 'out' : null,
  attempts: 1,
  input,
  output,
  error: null,
  attemptErrors: null,
  startedAt: 1,
  finishedAt: 2,
  nextAttemptAt: null,
  sentKey: null,
});

const ref = (nodeId: string) => JSON.stringify({ $weftRef: `step:${nodeId}` });

describe('stored steps', () => {
  it('resolves a reference to another step however the steps are read, to the very object of that output', () => {
    const body = { id: 'OPP-1' };
    const stored = new StoredSteps(
      new Map([
        ['audit', row('audit', 'succeeded', ref('lookup'))],
        ['lookup', row('lookup', 'succeeded', '{"account":"ACC-1"}')],
        ['echo', row('echo', 'succeeded', '{"$weftRef":"trigger"}')],
        ['edited', row('edited', 'failed', null, ref('lookup'))],
      ]),
      () => body,
      () => undefined,
    );
    const audit = stored.output('audit');
    expect(audit).toEqual({ account: 'ACC-1' });
    expect(stored.output('lookup')).toBe(audit);
    expect(stored.output('echo')).toBe(body);
    expect(stored.input('edited')).toBe(audit);
    expect(stored.output('edited'), 'a failed step has no output').toBeUndefined();
  });

  it('reads a large output from the run payloads by its hash, and fails with the hash when it is missing', () => {
    const big = JSON.stringify({ $weftPayload: 'abc', bytes: 20 });
    const rows = new Map([['load', row('load', 'succeeded', big)]]);
    const present = new StoredSteps(
      rows,
      () => null,
      (hash) => (hash === 'abc' ? '{"lines":[1,2]}' : undefined),
    );
    expect(present.output('load')).toEqual({ lines: [1, 2] });
    const missing = new StoredSteps(
      rows,
      () => null,
      () => undefined,
    );
    expect(() => missing.output('load')).toThrow('payload abc is missing');
  });
});
