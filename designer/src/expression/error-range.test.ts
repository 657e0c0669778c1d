import { describe, it, expect } from 'vitest';
import { describeError, errorRange } from './error-range.ts';

const mark = (text: string, position?: number) => {
  const r = errorRange(text, position, 'm');
  return text.slice(r.from, r.to);
};

describe('errorRange', () => {
  it('marks the function call JSONata points just past', () => {
    expect(mark('$sum("x")', 5)).toBe('$sum(');
    expect(mark('  $string(1,2,3,4)', 10)).toBe('$string(');
  });

  it('marks the word or character ending at the position', () => {
    expect(mark('a = = b', 5)).toBe('=');
    expect(mark('total + amount', 14)).toBe('amount');
    expect(mark('a +', 3)).toBe('+');
  });

  it('marks all of the text without a position and clamps positions past the end', () => {
    expect(mark('x ~> y')).toBe('x ~> y');
    expect(mark('ab', 40)).toBe('ab');
  });

  it('allows for a leading "="', () => {
    expect(mark('=$sum("x")', 5)).toBe('$sum(');
  });
});

describe('describeError', () => {
  it('names syntax and evaluation errors and drops the runtime prefix', () => {
    expect(describeError('expression_syntax', 'Unexpected end of expression')).toEqual({
      title: 'Syntax error',
      message: 'Unexpected end of expression',
    });
    expect(describeError('expression_error', 'expression failed: Attempted to invoke a non-function')).toEqual({
      title: 'Evaluation failed',
      message: 'Attempted to invoke a non-function',
    });
  });
});
