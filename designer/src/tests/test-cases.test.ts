import { describe, expect, it } from 'vitest';
import type { TestCase } from '../../../shared/flow-tests.ts';
import type { StepView } from '../api/types.ts';
import {
  expectableSteps,
  expectationOfStep,
  freeName,
  nameProblem,
  removeCase,
  renameCase,
  replaceCase,
  withEntry,
} from './test-cases.ts';

const tc = (name: string): TestCase => ({ name, input: { n: name }, expect: {} });
const cases = [tc('Won deal'), tc('Lost deal')];

describe('test case names', () => {
  it('refuses a blank, a too long and a taken name, and allows a case its own name', () => {
    expect(nameProblem('  ', cases)).toBe('Give the test case a name.');
    expect(nameProblem('x'.repeat(201), cases)).toMatch(/at most 200 characters \(this one has 201\)/);
    expect(nameProblem('Won deal', cases)).toBe('Another test case is named “Won deal”.');
    expect(nameProblem(' Won deal ', cases, 'Won deal')).toBeNull();
    expect(nameProblem('New one', cases)).toBeNull();
  });

  it('numbers a name already taken', () => {
    expect(freeName('Fresh', cases)).toBe('Fresh');
    expect(freeName('Won deal', cases)).toBe('Won deal (2)');
    expect(freeName('Won deal', [...cases, tc('Won deal (2)')])).toBe('Won deal (3)');
  });
});

describe('case edits', () => {
  it('replaces, renames and removes by name, leaving the others as they were', () => {
    const next = { ...tc('Won deal'), description: 'new' };
    expect(replaceCase(cases, 'Won deal', next)).toEqual([next, cases[1]]);
    expect(renameCase(cases, 'Lost deal', ' Lost again ').map((c) => c.name)).toEqual(['Won deal', 'Lost again']);
    expect(removeCase(cases, 'Won deal')).toEqual([cases[1]]);
    expect(cases.map((c) => c.name)).toEqual(['Won deal', 'Lost deal']);
  });

  it('sets and removes record entries; an empty record is dropped', () => {
    expect(withEntry(undefined, 'erp', { output: 1 })).toEqual({ erp: { output: 1 } });
    expect(withEntry({ erp: 1, crm: 2 }, 'erp', undefined)).toEqual({ crm: 2 });
    expect(withEntry({ erp: 1 }, 'erp', undefined)).toBeUndefined();
  });
});

describe('expectations from a step of the last run', () => {
  it('takes a succeeded step with its output, and its port only when it is not "out"', () => {
    expect(expectationOfStep({ status: 'succeeded', output: { id: 'P-1' }, port: 'out', error: null })).toEqual({
      status: 'succeeded',
      output: { id: 'P-1' },
    });
    expect(expectationOfStep({ status: 'succeeded', output: 1, port: 'valid', error: null })).toEqual({
      status: 'succeeded',
      port: 'valid',
      output: 1,
    });
  });

  it('takes a failed step with its error code and a skipped one with its status', () => {
    const error = { code: 'http_422', message: 'credit hold', retryable: false };
    expect(expectationOfStep({ status: 'failed', output: undefined, port: null, error })).toEqual({
      status: 'failed',
      error: { code: 'http_422' },
    });
    expect(expectationOfStep({ status: 'skipped', output: undefined, port: null, error: null })).toEqual({
      status: 'skipped',
    });
  });

  it('offers only steps that ended', () => {
    const step = (nodeId: string, status: StepView['status']) => ({ nodeId, status }) as StepView;
    expect(
      expectableSteps([step('a', 'succeeded'), step('b', 'waiting'), step('c', 'retrying'), step('d', 'skipped')]).map(
        (s) => s.nodeId,
      ),
    ).toEqual(['a', 'd']);
    expect(expectableSteps(undefined)).toEqual([]);
  });
});
