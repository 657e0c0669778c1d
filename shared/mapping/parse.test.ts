import { describe, expect, it } from 'vitest';
import jsonata from 'jsonata';
import { generate, isUnsupported, parse } from './index.ts';

const input = { a: 1, b: 'x', when: '2026-01-02', lines: [{ v: 1 }, { v: 2 }], o: { p: 'q' } };

describe('parse: JSONata written by hand', () => {
  it.each([
    ['double-quoted keys and texts', '{ "id": a, "t": "x" }'],
    ['$exists form of a default', "{ 'r': $exists(missing) ? missing : 'n/a' }"],
    ['a default after ??', "{ 'r': b ?? 'n/a' }"],
    ['one line', "{ 'x': a, 'y': { 'z': o.p }, 'l': [lines.{ 'w': v }] }"],
    ['a context on one line', "o.{ 'p': p }"],
    ['a date', "{ 'd': $fromMillis($toMillis(when), '[D01].[M01].[Y0001]') }"],
  ])('%s reads as lines, and the lines write an expression that yields the same', async (_name, text) => {
    const m = parse(text);
    if (isUnsupported(m)) throw new Error(m.reason);
    const written = generate(m);
    expect(parse(written)).toEqual(m);
    expect(await jsonata(written).evaluate(input)).toEqual(await jsonata(text).evaluate(input));
  });

  it.each([
    ['a comment', "/* keep me */ { 'a': a }", /comments/],
    ['a comment after a text with a slash', "{ 'a': '/', 'b': b /* why */ }", /comments/],
    ['not an object', 'a + 1', /not an object built field by field/],
    ['a variable block', "( $x := a; { 'a': $x } )", /steps with variables/],
    ['a filter', "{ 'a': lines[v > 1].v }", /"a" reads its source with more than a plain path/],
    ['an index', "{ 'a': lines[0] }", /"a" reads its source/],
    ['arithmetic', "{ 'a': a * 2 }", /"a" is computed in a way the mapper does not offer/],
    ['an unknown function', "{ 'a': $uppercase(b) }", /"a" calls \$uppercase/],
    ['a computed key', '{ b: a }', /field name is computed/],
    ['a repeated key', "{ 'a': a, 'a': b }", /set twice/],
    ['a condition without else', "{ 'a': a = 1 ? 'y' }", /without an else/],
    ['a condition on two fields', "{ 'a': a = b ? 'y' : 'n' }", /condition the mapper does not offer/],
    [
      'money rounded with another picture',
      "{ 'm': $formatNumber($round($number(a), 2), '#,##0.00') }",
      /calls \$formatNumber/,
    ],
    [
      'a list of objects without brackets (a list of one would become an object)',
      "{ 'l': lines.{ 'w': v } }",
      /"l" reads its source with more than a plain path/,
    ],
    ['an array constructor of values', "{ 'l': [a, b] }", /a list the mapper does not build/],
    ['grouping', 'lines{ v: v }', /not an object/],
    ['a syntax error', "{ 'a': ", /does not compile/],
    ['a nested object with a comment inside', "{ 'o': { 'p': o.p /* x */ } }", /comments/],
  ])('%s is not shown as lines: %s', (_name, text, reason) => {
    const m = parse(text);
    expect(isUnsupported(m)).toBe(true);
    expect(isUnsupported(m) && m.reason).toMatch(reason);
  });

  it('a comment sign inside a text is no comment', () => {
    expect(isUnsupported(parse("{ 'a': '/* not a comment */' }"))).toBe(false);
  });
});
