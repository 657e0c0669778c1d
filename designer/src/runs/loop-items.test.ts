import { describe, expect, it } from 'vitest';
import type { RunView, StepView } from '../api/types.ts';
import {
  bodyRunItem,
  bodyRunOf,
  canRetryItems,
  failedItemValue,
  itemText,
  loopsShown,
  progressText,
} from './loop-items.ts';
import { shortRunId } from './run-id.ts';

const step = (status: StepView['status'], output: unknown) => ({ nodeId: 'loop', status, output }) as StepView;
const progress = { nodeId: 'loop', total: 5, done: 2, running: 1, failed: [] };
const failure = { index: 3, runId: 'run_a.loop.3', error: { code: 'http_client_error', message: 'refused' } };
const run = (o: Partial<RunView>) =>
  ({ id: 'run_a', mode: 'live', status: 'succeeded', parentRunId: null, ...o }) as RunView;

describe('failed loop items', () => {
  it('are read from the list a running loop waits on, one item or a batch', () => {
    const items = ['a', 'b', 'c', 'd', 'e'];
    expect(failedItemValue(step('waiting', { loop: { items, batchSize: 1 } }), 3)).toEqual({ known: true, value: 'd' });
    expect(failedItemValue(step('waiting', { loop: { items, batchSize: 2 } }), 2)).toEqual({
      known: true,
      value: ['c', 'd'],
    });
    expect(failedItemValue(step('waiting', { loop: { items, batchSize: 1 } }), 9)).toEqual({ known: false });
  });

  it("are read from a finished loop's failed list, and unknown when the output is truncated or absent", () => {
    const out = {
      results: [1, null],
      failed: [{ index: 1, item: { id: 'TE-2' }, error: failure.error, runId: 'r.loop.1' }],
    };
    expect(failedItemValue(step('succeeded', out), 1)).toEqual({ known: true, value: { id: 'TE-2' } });
    expect(failedItemValue(step('succeeded', out), 0)).toEqual({ known: false });
    expect(failedItemValue(step('succeeded', { $weftTruncated: true, bytes: 9, preview: '{' }), 1)).toEqual({
      known: false,
    });
    expect(failedItemValue(step('failed', null), 1)).toEqual({ known: false });
    expect(failedItemValue(undefined, 1)).toEqual({ known: false });
  });

  it("are read from a body run's trigger event", () => {
    expect(bodyRunItem({ body: { item: 'x', index: 2 } })).toEqual({ known: true, value: 'x' });
    expect(bodyRunItem({ body: { items: ['x', 'y'], index: 2 } })).toEqual({ known: true, value: ['x', 'y'] });
    expect(bodyRunItem({ body: 'plain' })).toEqual({ known: false });
  });

  it('are shown on one line, cut with an ellipsis', () => {
    expect(itemText({ id: 'TE-1' })).toBe('{"id":"TE-1"}');
    expect(itemText('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('loop progress', () => {
  it('says how many items are done of all, running and failed', () => {
    expect(progressText(progress)).toBe('2 of 5 done · 1 running');
    expect(progressText({ ...progress, running: 0, failed: [failure] })).toBe('2 of 5 done · 1 failed');
  });

  it('offers the retry of failed items on finished live runs that are not body runs themselves', () => {
    const p = { ...progress, running: 0, failed: [failure] };
    expect(canRetryItems(run({}), p)).toBe(true);
    expect(canRetryItems(run({ status: 'failed' }), p)).toBe(true);
    expect(canRetryItems(run({ status: 'running' }), p)).toBe(false);
    expect(canRetryItems(run({ mode: 'test' }), p)).toBe(false);
    expect(canRetryItems(run({}), progress)).toBe(false);
    expect(canRetryItems(run({ id: 'run_p.outer.4', parentRunId: 'run_p' }), p)).toBe(false);
  });

  it('names the loop and item of a body run, and nothing for a sub-flow run', () => {
    expect(bodyRunOf({ id: 'run_p.post.12', parentRunId: 'run_p' })).toEqual({
      runId: 'run_p',
      loopId: 'post',
      index: 12,
    });
    expect(bodyRunOf({ id: 'run_p.outer.1.inner.3', parentRunId: 'run_p.outer.1' })).toEqual({
      runId: 'run_p.outer.1',
      loopId: 'inner',
      index: 3,
    });
    expect(bodyRunOf({ id: 'run_child', parentRunId: 'run_p' })).toBeNull();
    expect(bodyRunOf({ id: 'run_p', parentRunId: null })).toBeNull();
    expect(shortRunId('run_019b7a3c5e10000000a1b2c3d4e5.post.12')).toBe('7a3c5e10.post.12');
  });

  it("leaves out a body run's own loop, not the loops nested in its body", () => {
    const inner = { ...progress, nodeId: 'inner' };
    const own = { ...progress, nodeId: 'outer', total: 0, done: 0, running: 0 };
    expect(loopsShown({ id: 'run_p.outer.1', parentRunId: 'run_p', loops: [own, inner] })).toEqual([inner]);
    expect(loopsShown({ id: 'run_p', parentRunId: null, loops: [own, inner] })).toEqual([own, inner]);
    expect(loopsShown({ id: 'run_p', parentRunId: null })).toEqual([]);
  });
});
