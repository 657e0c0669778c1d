import { describe, expect, it } from 'vitest';
import { FOLD_AT, showValue, stepOfError, stepOfPath } from './diff-values.ts';

describe('showing a compared value', () => {
  it('shows a short value on one line and an absent one as not set', () => {
    expect(showValue({ total: 12 })).toEqual({ short: '{"total":12}', full: null, absent: false });
    expect(showValue('EUR')).toEqual({ short: '"EUR"', full: null, absent: false });
    expect(showValue(null)).toEqual({ short: 'null', full: null, absent: false });
    expect(showValue(undefined)).toEqual({ short: 'not set', full: null, absent: true });
  });

  it('folds a long value: a cut line with an ellipsis, and the whole value indented', () => {
    const value = { lines: Array.from({ length: 20 }, (_, i) => ({ qty: i })) };
    const v = showValue(value);
    expect(v.short).toHaveLength(FOLD_AT);
    expect(v.short.endsWith('…')).toBe(true);
    expect(v.full).toBe(JSON.stringify(value, null, 2));
    const text = 'x'.repeat(FOLD_AT + 1);
    expect(showValue(text).full).toBe(text);
  });
});

describe('the step a difference or an error is about', () => {
  it('reads the node id from a step path, dotted ids included', () => {
    expect(stepOfPath('steps.rate.output.amount')).toBe('rate');
    expect(stepOfPath('steps.erp.create.status')).toBe('erp.create');
    expect(stepOfPath('steps.erp')).toBe('erp');
    expect(stepOfPath('response.body.total')).toBeNull();
    expect(stepOfPath('assertions[0]')).toBeNull();
  });

  it('finds the node an error names by quoted id, then by name', () => {
    const nodes = [
      { id: 'erp', name: 'Create project' },
      { id: 'erp2', name: 'Create billing account' },
    ];
    expect(stepOfError('step "erp2" has no recording', nodes)).toBe('erp2');
    expect(stepOfError('no recording for “erp”', nodes)).toBe('erp');
    expect(stepOfError('Create billing account failed: boom', nodes)).toBe('erp2');
    expect(stepOfError('assertions[0] is not true', nodes)).toBeNull();
  });
});
