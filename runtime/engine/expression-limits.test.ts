import { describe, it, expect } from 'vitest';
import { ExpressionCache } from './expressions.ts';

const LOOP = '($f := function($n){ $f($n + 1) }; $f(0))';

async function failure(
  exprs: ExpressionCache,
  source: string,
  input: unknown = {},
): Promise<{ code: string; message: string; details: { position?: number } }> {
  const outcome = await exprs.evaluate(source, input).then(
    (v) => ({ v }),
    (err) => ({ err }),
  );
  if ('v' in outcome) throw new Error(`expected ${source} to fail, got ${JSON.stringify(outcome.v)?.slice(0, 100)}`);
  return outcome.err as { code: string; message: string; details: { position?: number } };
}

describe('ranges', () => {
  const exprs = new ExpressionCache({ maxItems: 1000 });

  it('refuses a range longer than the limit before building it, naming it and where it is', async () => {
    const e = await failure(exprs, '$count([1..9999999].[1..9999999])');
    expect(e).toMatchObject({
      code: 'expression_error',
      message: 'expression failed: range [1..9999999] has 9,999,999 items; at most 1,000 are allowed',
    });
    expect(e.details.position).toBeGreaterThan(0);
    expect((await failure(exprs, '[0..n]', { n: 1e12 })).message).toMatch(
      /range \[0\.\.1000000000000\] has 1,000,000,000,001 items; at most 1,000 are allowed/,
    );
  });

  it('counts the items of all ranges of one evaluation together', async () => {
    expect(await exprs.evaluate('$count([1..600])', null)).toBe(600);
    expect((await failure(exprs, '[1..600].[1..2]')).message).toMatch(
      /range \[1\.\.2\] brings the items built by ranges in one evaluation to 1,002; at most 1,000 are allowed/,
    );
    expect(await exprs.evaluate('$count([1..600])', null), 'the count starts again with each evaluation').toBe(600);
  });

  it('keeps the meaning of ranges: bounds from data, empty and reversed ranges, non-integers refused', async () => {
    expect(await exprs.evaluate('[a..b]', { a: 3, b: 5 })).toEqual([3, 4, 5]);
    expect(await exprs.evaluate('[1..3, 7, [8..9]]', null)).toEqual([1, 2, 3, 7, [8, 9]]);
    expect(await exprs.evaluate('[5..1]', null)).toEqual([]);
    expect(await exprs.evaluate('[1..missing]', {})).toEqual([]);
    expect(await exprs.evaluate('[2..2]', null)).toEqual([2]);
    expect((await failure(exprs, '[1.5..3]')).message).toMatch(
      /left side of the range operator \(\.\.\) must evaluate to an integer/,
    );
    expect((await failure(exprs, '[1..x]', { x: 'a' })).message).toMatch(
      /right side of the range operator \(\.\.\) must evaluate to an integer/,
    );
  });
});

describe('strings and results', () => {
  const exprs = new ExpressionCache({ maxItems: 1000, maxResultBytes: 10_000 });

  it('refuses $pad, $join and $string beyond the size limit before building the string', async () => {
    expect((await failure(exprs, '$pad("x", 400000000)')).message).toBe(
      'expression failed: $pad: a width of 400,000,000 characters; at most 10,000 are allowed',
    );
    expect((await failure(exprs, '$pad("x", -20000, "ab")')).message).toMatch(/\$pad: a width of 20,000 characters/);
    expect((await failure(exprs, '$join(a, s)', { a: ['x', 'y', 'z'], s: 'y'.repeat(6000) })).message).toMatch(
      /\$join: the joined string would have 12,003 characters; at most 10,000 are allowed/,
    );
    expect(
      (
        await failure(exprs, '$string(rows)', {
          rows: Array.from({ length: 500 }, () => ({ text: 'lorem ipsum dolor' })),
        })
      ).message,
    ).toMatch(/\$string: the text would have more than 10,000 characters/);
    expect(await exprs.evaluate('$pad("ab", 5, "-")', null)).toBe('ab---');
  });

  it('refuses strings and sequences a variable holds beyond the limits', async () => {
    const doubling = '($a := $pad("x", 3000); $b := $a & $a; $c := $b & $b; $length($c))';
    expect((await failure(exprs, doubling)).message).toBe(
      'expression failed: $c holds a string of 12,000 characters; at most 10,000 are allowed',
    );
    const items = '($a := rows; $b := [$a, $a]; $c := [$b, $b]; $count($c))';
    expect((await failure(exprs, items, { rows: Array.from({ length: 400 }, (_, i) => i) })).message).toMatch(
      /\$c holds a sequence of 1,600 items; at most 1,000 are allowed/,
    );
    expect(await exprs.evaluate('($a := "x"; $f := $uppercase; $f($a))', null), 'a variable may hold a function').toBe(
      'X',
    );
  });

  it('refuses strings and sequences that a looping expression builds beyond the limits, at the step that built them', async () => {
    const grow = '($f := function($s, $n){ $n = 0 ? $s : $f($s & $s, $n - 1) }; $f("x", 20))';
    expect((await failure(exprs, grow)).message).toMatch(
      /builds a string of 16,384 characters; at most 10,000 are allowed/,
    );
    const append = '($f := function($a, $n){ $n = 0 ? $a : $f($append($a, $a), $n - 1) }; $count($f([1, 2], 20)))';
    expect((await failure(exprs, append)).message).toMatch(
      /builds a sequence of 1,024 items; at most 1,000 are allowed/,
    );
  });

  it('refuses a result larger than the limit, counting a value shared in many places each time', async () => {
    const shared =
      '($a := { "text": $pad("x", 2000) }; $b := [[$a], [$a]]; $c := [[$b], [$b]]; $d := [[$c], [$c]]; [$d, $d])';
    expect((await failure(exprs, shared)).message).toMatch(
      /the result has more than 10,000 bytes of JSON; at most 10,000 are allowed/,
    );
    expect((await failure(exprs, '[$, $, $, $, $, $]', { s: 'y'.repeat(2000) })).message).toMatch(
      /the result has more than 10,000 bytes/,
    );
    const big = { rows: 'z'.repeat(50_000) };
    expect(await exprs.evaluate('$', big), 'the input itself passes whatever its size').toBe(big);
  });
});

describe('$eval', () => {
  it('lets the event loop turn and stops at the time limit', async () => {
    const exprs = new ExpressionCache({ timeoutMs: 300 });
    const order: string[] = [];
    setTimeout(() => order.push('timer'), 1);
    const e = await failure(exprs, '$eval(code)', { code: LOOP });
    order.push('evaluation ended');
    expect(e.message).toMatch(/timeout after 300 milliseconds/);
    expect(order, 'a timer due during the evaluation ran before it ended').toEqual(['timer', 'evaluation ended']);
  });

  it('applies the range and string limits to the evaluated text', async () => {
    const exprs = new ExpressionCache({ maxItems: 1000, maxResultBytes: 10_000 });
    expect((await failure(exprs, '$eval(code)', { code: '$count([1..9999999])' })).message).toMatch(
      /range \[1\.\.9999999\] has 9,999,999 items; at most 1,000 are allowed/,
    );
    expect((await failure(exprs, '$eval(code)', { code: '$pad("x", 1e9)' })).message).toMatch(
      /\$pad: a width of 1,000,000,000 characters/,
    );
    expect(await exprs.evaluate('$eval(json)', { json: '{"a": [1, 2]}' }), 'parsing JSON text still works').toEqual({
      a: [1, 2],
    });
    expect(await exprs.evaluate('$eval("[1..3]")', null)).toEqual([1, 2, 3]);
  });
});
