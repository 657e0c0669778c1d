import { describe, it, expect } from 'vitest';
import jsonata from 'jsonata';
import { ExpressionCache } from './expressions.ts';

const plain = (v: unknown) => JSON.parse(JSON.stringify(v ?? null));

/** JSONata's own result or error message, for comparison. */
async function native(source: string, input: unknown): Promise<unknown> {
  return jsonata(source)
    .evaluate(input)
    .then(plain, (err: { message: string }) => ({ error: err.message }));
}

async function ours(exprs: ExpressionCache, source: string, input: unknown): Promise<unknown> {
  return exprs
    .evaluate(source, input)
    .then(plain, (err: { message: string }) => ({ error: err.message.replace(/^expression failed: /, '') }));
}

describe('built-ins replaced to bound their cost', () => {
  const exprs = new ExpressionCache();
  const input = {
    s: 'Héllo 😀 wörld 𝄞!',
    lone: 'a\ud800b\udc00c',
    words: ['b', 'a', 'c', 'a', 'B'],
    nums: [3, 1, 2, 3, -0, 0, 1.5],
    mixed: [1, '1', true, null, 'true', 1],
    people: [
      { n: 'x', a: 2 },
      { a: 2, n: 'x' },
      { n: 'y', a: [1, { b: 2 }] },
      { n: 'y', a: [1, { b: 2 }] },
      { n: 'y', a: [1, { b: 3 }] },
    ],
  };
  const cases = [
    '$length(s)',
    '$length(lone)',
    '$length("")',
    '$length(missing)',
    '$substring(s, 2)',
    '$substring(s, 2, 5)',
    '$substring(s, -4)',
    '$substring(s, -4, 2)',
    '$substring(s, -40, 3)',
    '$substring(s, 3, 0)',
    '$substring("abcdef", 1.7, 2.2)',
    '$substring("abcdef", -2, 5)',
    '$substring(lone, 1, 3)',
    '$substring(missing, 1)',
    '$pad("ab", 6)',
    '$pad("ab", -6, "#")',
    '$pad("ab", 7, "xyz")',
    '$pad(s, 20, "😀")',
    '$pad("abc", 2)',
    '$pad(missing, 3)',
    '$pad("a", 5.9, "")',
    '$join(words)',
    '$join(words, ", ")',
    '$join([], "-")',
    '$join("one")',
    '$string(people)',
    '$string(people, true)',
    '$string(1/3)',
    '$string(s)',
    '$string(missing)',
    '$string($uppercase)',
    "$replace(s, 'l', 'L')",
    "$replace(s, /[öé]/, '?', 1)",
    "$replace('abc', 'b', function($m){ $uppercase($m.match) })",
    '$sort(words)',
    '$sort(nums)',
    '$sort(words, function($a, $b){ $lowercase($a) > $lowercase($b) })',
    '$sort(people, function($a, $b){ $a.n < $b.n })',
    '$sort(mixed)',
    '$sort([])',
    '$sort([4])',
    '$sort(missing)',
    '$distinct(words)',
    '$distinct(nums)',
    '$distinct(mixed)',
    '$distinct(people)',
    '$distinct([1])',
    '$distinct(7)',
    '$distinct(missing)',
    '$distinct(people.n)',
  ];

  it('give the same results and errors as JSONata', async () => {
    for (const source of cases) expect(await ours(exprs, source, input), source).toEqual(await native(source, input));
  });

  // A quadratic version would not finish these within the test's time-out.
  it('give the right results on large inputs where JSONata takes quadratic time or makes an array of every character', async () => {
    const big = {
      text: `${'abcdefghij'.repeat(1_000_000)}😀`,
      nums: Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 100_003),
      people: Array.from({ length: 50_000 }, (_, i) => ({ id: i % 25_000 })),
    };
    for (const [source, expected] of [
      ['$length(text)', 10_000_001],
      ['$substring(text, -3)', 'ij😀'],
      ['$length($pad("x", 5000000))', 5_000_000],
      ['$count($sort(nums))', 100_000],
      ['$count($distinct(nums))', 100_000],
      ['$count($distinct(people))', 25_000],
      ['$count($distinct([1..100000]))', 100_000],
    ] as const) {
      expect(await exprs.evaluate(source, big), source).toBe(expected);
    }
    const sorted = (await exprs.evaluate('$sort(nums)', big)) as number[];
    expect(sorted.every((v, i) => i === 0 || sorted[i - 1] <= v)).toBe(true);
  });
});
