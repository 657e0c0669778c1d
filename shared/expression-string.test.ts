import { describe, expect, it } from 'vitest';
import { escapeLiteral, isExpressionString, stripLeadingEquals, unescapeLiteral } from './expression-string.ts';

describe('expression strings', () => {
  it('tells expressions from literals', () => {
    expect(isExpressionString('=a.b')).toBe(true);
    expect(isExpressionString('= a')).toBe(true);
    expect(isExpressionString('==literal')).toBe(false);
    expect(isExpressionString('=')).toBe(false);
    expect(isExpressionString('plain')).toBe(false);
    expect(isExpressionString('')).toBe(false);
    expect(isExpressionString(5)).toBe(false);
    expect(isExpressionString(null)).toBe(false);
  });

  it('strips the "=" of an expression only', () => {
    expect(stripLeadingEquals('=a')).toBe('a');
    expect(stripLeadingEquals('a')).toBe('a');
    expect(stripLeadingEquals('==a')).toBe('==a');
  });

  it('escapes a text starting with "=" so it stays a text, and reads it back', () => {
    expect(escapeLiteral('=total')).toBe('==total');
    expect(escapeLiteral('total')).toBe('total');
    expect(unescapeLiteral('==total')).toBe('=total');
    expect(unescapeLiteral('total')).toBe('total');
    for (const text of ['=total', '==x', '=', '', 'a=b', '===']) {
      expect(isExpressionString(escapeLiteral(text)), text).toBe(false);
      expect(unescapeLiteral(escapeLiteral(text)), text).toBe(text);
    }
  });
});
