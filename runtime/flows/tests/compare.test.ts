import { describe, expect, it } from 'vitest';
import type { TestDifference } from '../../../shared/flow-tests.ts';
import { bounded, compareRun, diffValues, MAX_DIFFERENCES, type ObservedRun } from './compare.ts';

const diff = (expected: unknown, actual: unknown) => {
  const out: TestDifference[] = [];
  diffValues(expected, actual, 'x', out);
  return out;
};

describe('diffValues', () => {
  it('finds nothing in equal values, however deep', () => {
    expect(diff({ a: [1, { b: null }], c: 'd' }, { c: 'd', a: [1, { b: null }] })).toEqual([]);
  });

  it('names each differing field by its path: keys, odd keys, list items and lengths', () => {
    expect(
      diff({ a: { b: 1 }, 'a b': 2, list: [1, 2, 3] }, { a: { b: 2 }, 'a b': 3, list: [1, 5], extra: true }),
    ).toEqual([
      { path: 'x.a.b', expected: 1, actual: 2 },
      { path: 'x["a b"]', expected: 2, actual: 3 },
      { path: 'x.list.length', expected: 3, actual: 2, message: '3 items expected, 2 found' },
      { path: 'x.list[1]', expected: 2, actual: 5 },
      { path: 'x.extra', expected: undefined, actual: true, message: 'not expected' },
    ]);
  });

  it('tells a missing field from a null one, and a list from an object', () => {
    expect(diff({ a: null, b: 1 }, { a: 0 })).toEqual([
      { path: 'x.a', expected: null, actual: 0 },
      { path: 'x.b', expected: 1, actual: undefined, message: 'missing' },
    ]);
    expect(diff([1], { 0: 1 })).toEqual([{ path: 'x', expected: [1], actual: { 0: 1 } }]);
  });

  it('stops looking past the bound, and the report says there were more', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => i);
    const out: TestDifference[] = [];
    diffValues(
      many,
      many.map((i) => -i - 1),
      'x',
      out,
    );
    expect(out.length).toBeLessThanOrEqual(MAX_DIFFERENCES + 1);
    const shown = bounded(out);
    expect(shown).toHaveLength(MAX_DIFFERENCES + 1);
    expect(shown.at(-1)?.message).toBe(`more than ${MAX_DIFFERENCES} differences; the rest are not shown`);
  });
});

describe('compareRun', () => {
  const run: ObservedRun = {
    status: 'failed',
    error: { code: 'http_client_error', message: 'answered 404', nodeId: 'erp' },
    response: null,
    steps: {
      erp: {
        status: 'failed',
        port: null,
        output: undefined,
        error: { code: 'http_client_error', message: 'answered 404' },
      },
    },
  };
  const shape = { topLevel: new Set(['in', 'erp', 'after']), loopOf: new Map([['inner', 'loop']]) };

  it('expects success unless told, and says why the run ended otherwise', () => {
    expect(compareRun({}, run, shape)).toEqual([
      { path: 'status', expected: 'succeeded', actual: 'failed', message: 'the run failed: step "erp": answered 404' },
    ]);
    expect(
      compareRun({ status: 'failed', steps: { erp: { error: { code: 'http_client_error' } } } }, run, shape),
    ).toEqual([]);
  });

  it('reports a missing response, a step not reached, and steps it cannot compare', () => {
    const out = compareRun(
      { status: 'failed', response: { status: 200 }, steps: { after: { status: 'succeeded' }, inner: {}, nope: {} } },
      run,
      shape,
    );
    expect(out.map((d) => [d.path, d.message])).toEqual([
      ['response', 'the run gave no response'],
      ['steps.after.status', undefined],
      ['steps.inner', 'step "inner" runs in the body of loop "loop": expect its results in the output of "loop"'],
      ['steps.nope', 'the flow has no step "nope"'],
    ]);
    expect(out[1]).toMatchObject({ expected: 'succeeded', actual: 'skipped' });
  });
});
