import { readFileSync } from 'node:fs';
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { compileFast, DECLINED } from './expression-fast.ts';
import type { AstNode } from './expression-limits.ts';
import { ExpressionCache } from './expressions.ts';

/** JSONata's answer: its value, or the error code it raised. */
async function reference(source: string, input: unknown, bindings: Record<string, unknown>) {
  try {
    return { value: await jsonata(source).evaluate(input, bindings) };
  } catch (err) {
    return { error: (err as { code?: string }).code ?? String(err) };
  }
}

function fast(source: string) {
  return compileFast(jsonata(source).ast() as unknown as AstNode, 500);
}

/** Where two values differ, down to prototypes, key order, -0 and the flags JSONata puts on arrays; null when the same. */
function difference(a: unknown, b: unknown, at = '$'): string | null {
  if (typeof a !== typeof b) return `${at}: ${typeof a} against ${typeof b}`;
  if (a === null || b === null || typeof a !== 'object')
    return Object.is(a, b) ? null : `${at}: ${String(a)} against ${String(b)}`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${at}: prototypes differ`;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (const flag of ['sequence', 'cons', 'keepSingleton', 'outerWrapper'] as const)
      if ((a as never)[flag] !== (b as never)[flag]) return `${at}: ${flag} differs`;
    if (a.length !== b.length) return `${at}: length ${a.length} against ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = difference(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b as object);
  if (ka.join('\u0000') !== kb.join('\u0000')) return `${at}: keys ${ka.join(',')} against ${kb.join(',')}`;
  for (const k of ka) {
    const d = difference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
    if (d) return d;
  }
  return null;
}

/** Evaluates with both; returns whether the fast evaluator answered (it must then answer as JSONata did). */
async function agree(source: string, input: unknown, bindings: Record<string, unknown> = {}): Promise<boolean> {
  const f = fast(source);
  const ref = await reference(source, input, bindings);
  if (!f) return false;
  const got = f(input, bindings);
  if (got === DECLINED) return false;
  if ('error' in ref)
    throw new Error(
      `${source} on ${JSON.stringify(input)}: JSONata raised ${ref.error}, the fast evaluator answered ${JSON.stringify(got)}`,
    );
  const d = difference(got, ref.value);
  if (d) throw new Error(`${source} on ${JSON.stringify(input)}: ${d}`);
  return true;
}

/** The won deal of the opportunity-won flow's samples. */
const opportunity = (
  JSON.parse(readFileSync(new URL('../../test/fixtures/opportunity-won-to-erp.json', import.meta.url), 'utf8')) as {
    samples: { payload: unknown }[];
  }
).samples[0].payload;

describe('the fast evaluator', () => {
  it('answers as JSONata does for the mappings flows are made of', async () => {
    const answered = [
      "{ 'projectCode': 'PRJ-' & opportunity.id, 'customerId': opportunity.account.id, 'budget': $sum(opportunity.lines.(qty*rate)), 'currency': opportunity.currency }",
      'opportunity.lines.qty',
      'opportunity.lines[].qty',
      'opportunity.lines.(qty * rate)',
      '$count(opportunity.lines)',
      'opportunity.account',
      'opportunity.lines',
      'opportunity.missing',
      "opportunity.currency = 'EUR' ? 'euro' : 'other'",
      "opportunity.currency != 'EUR' and opportunity.id",
      '-opportunity.lines[0].qty',
      "[opportunity.id, opportunity.lines.qty, ['x']]",
      "$merge([opportunity.account, {'n': 1}])",
      '$$.opportunity.id & 1.5 & true & null',
      '(opportunity.id; opportunity.currency)',
      '$count(opportunity.lines) % 7 >= 2',
    ];
    const fastOnes: string[] = [];
    for (const source of answered) if (await agree(source, opportunity)) fastOnes.push(source);
    // Filters and `[]` are JSONata's; everything else here is answered without it.
    expect(answered.filter((s) => !fastOnes.includes(s))).toEqual([
      'opportunity.lines[].qty',
      '-opportunity.lines[0].qty',
    ]);
  });

  it("answers the bench flow's rule, key and answer expressions with their bindings", async () => {
    const mapped = { projectCode: 'PRJ-1', customerId: 'ACC-7', budget: 15800, currency: 'EUR' };
    expect(await agree('budget > 0', mapped)).toBe(true);
    expect(await agree('projectCode', mapped)).toBe(true);
    expect(await agree("$merge([$steps.map, {'erp': $}])", { id: 'ERP-1' }, { steps: { map: mapped } })).toBe(true);
  });

  it('leaves to JSONata what JSONata raises an error for, and what it does not model', async () => {
    for (const [source, input] of [
      ["'a' * 2", {}],
      ["1 < 'a'", {}],
      ['a < b', { a: { x: 1 }, b: 1 }],
      ['$sum(a)', { a: ['1', 2] }],
      ['$merge(a)', { a: [1] }],
      ['{a: 1, a: 2}', { a: 'k' }],
      ['{a: 1}', { a: 5 }],
      ['1/0', {}],
      ['a & b', { a: { x: 1 }, b: 1 }],
      ['x.y', { x: { _jsonata_function: true, y: 1 } }],
      ['$string(a)', { a: 1 }],
      ['$undefinedName', {}],
      ['a', [1, 2]],
      ['a.*', { a: { b: 1 } }],
      ['a[b > 1]', { a: [{ b: 2 }] }],
    ] as const)
      expect(await agree(source, input)).toBe(false);
  });

  it('leaves a very large input to JSONata instead of holding the event loop for it', async () => {
    const items = Array.from({ length: 200_000 }, (_, i) => ({ q: i }));
    expect(fast('items.(q * 2)')!({ items }, {})).toBe(DECLINED);
    expect(fast('$sum(items.q)')!({ items: items.slice(0, 1000) }, {})).toBe(499500);
  });

  it('is used by the expression cache, whose answers and errors stay those of JSONata', async () => {
    const cache = new ExpressionCache();
    const source = "{ 'code': 'PRJ-' & opportunity.id, 'budget': $sum(opportunity.lines.(qty*rate)) }";
    expect(await cache.evaluate(source, opportunity)).toEqual({ code: 'PRJ-OPP-1001', budget: 15800 });
    expect(await cache.evaluate('opportunity.nothing', opportunity)).toBeNull();
    await expect(cache.evaluate("'a' * 2", {})).rejects.toThrow(
      /expression failed: The left side of the "\*" operator must evaluate to a number/,
    );
  });
});

/** A small seeded generator, so a failing case is found again. */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  return { next, pick };
}

const FIELDS = ['a', 'b', 'c', 'items', 'n', 's'] as const;
const OPS = ['+', '-', '*', '/', '%', '=', '!=', '<', '<=', '>', '>=', '&', 'and', 'or'];

function expression(r: ReturnType<typeof random>, depth: number): string {
  const path = () => Array.from({ length: 1 + Math.floor(r.next() * 3) }, () => r.pick(FIELDS)).join('.');
  if (depth <= 0)
    return r.pick([
      path,
      () => String(r.pick([0, 1, 2.5, -3, 1e21, 0.1])),
      () => r.pick(["'x'", "''", 'true', 'false', 'null', '$']),
    ])();
  const sub = () => expression(r, depth - 1);
  return r.pick([
    path,
    () => `${path()}.(${sub()})`,
    () => `${sub()} ${r.pick(OPS)} ${sub()}`,
    () => `-(${sub()})`,
    () => `[${sub()}, ${sub()}]`,
    () => `{'k': ${sub()}, 'm': ${sub()}}`,
    () => `{${path()}: ${sub()}}`,
    () => `${sub()} ? ${sub()} : ${sub()}`,
    () => `$${r.pick(['sum', 'count', 'merge'])}(${sub()})`,
    () => `(${sub()}; ${sub()})`,
    () => `$v.${path()}`,
    () => `$$.${path()}`,
  ])();
}

function value(r: ReturnType<typeof random>, depth: number): unknown {
  const leaf = () => r.pick([0, 1, -2, 3.25, 'x', 'a', '', true, false, null]);
  if (depth <= 0) return leaf();
  return r.pick([
    leaf,
    leaf,
    () => Array.from({ length: Math.floor(r.next() * 4) }, () => value(r, depth - 1)),
    () => Object.fromEntries(FIELDS.filter(() => r.next() < 0.6).map((f) => [f, value(r, depth - 1)])),
  ])();
}

describe('the fast evaluator against JSONata on generated expressions', () => {
  it('answers as JSONata does on 3,000 expressions over generated inputs, or leaves them to it', async () => {
    const r = random(20261205);
    let answered = 0;
    for (let i = 0; i < 3000; i++) {
      const source = expression(r, 1 + Math.floor(r.next() * 3));
      const input = Object.fromEntries(FIELDS.map((f) => [f, value(r, 3)]));
      if (await agree(source, input, { v: value(r, 2) })) answered++;
    }
    // Most generated expressions are in the subset and meet values it handles.
    expect(answered).toBeGreaterThan(1000);
  });
});
