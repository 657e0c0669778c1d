import { describe, it, expect } from 'vitest';
import { ExpressionCache, checkExpressionSyntax } from './expressions.ts';

describe('ExpressionCache', () => {
  it('compiles each text once', async () => {
    const exprs = new ExpressionCache();
    expect(exprs.compile('a + 1')).toBe(exprs.compile('a + 1'));
    expect(await exprs.evaluate('a + 1', { a: 1 })).toBe(2);
  });

  it('binds $trigger, $steps and $run', async () => {
    const exprs = new ExpressionCache();
    const v = await exprs.evaluate('[$trigger.body.x, $steps.map.y, $run.id]', null, {
      trigger: { body: { x: 1 } },
      steps: { map: { y: 2 } },
      run: { id: 'r' },
    });
    expect(v).toEqual([1, 2, 'r']);
  });

  it('stops an endless tail recursion with a clear error', async () => {
    const exprs = new ExpressionCache({ timeoutMs: 100 });
    await expect(exprs.evaluate('($f := function($n){ $f($n + 1) }; $f(0))', null)).rejects.toMatchObject({
      code: 'expression_error',
      message: expect.stringMatching(/timeout after 100 milliseconds/),
    });
    expect(await exprs.evaluate('1 + 1', null)).toBe(2);
  });

  it('refuses a huge range and deep recursion', async () => {
    const exprs = new ExpressionCache({ maxDepth: 50 });
    await expect(exprs.evaluate('$count([1..20000000])', null)).rejects.toMatchObject({
      code: 'expression_error',
      message: expect.stringMatching(/range \[1\.\.20000000\] has 20,000,000 items; at most 100,000 are allowed/),
    });
    await expect(
      exprs.evaluate('($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(200))', null),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/Stack overflow/),
    });
  });

  it('reports a syntax error with its position', () => {
    expect(checkExpressionSyntax('a +')).toMatchObject({ position: expect.any(Number) });
    expect(checkExpressionSyntax('a + 1')).toBeNull();
  });
});

describe('the "$" shortcut', () => {
  it('agrees with JSONata for objects, scalars, null and arrays', async () => {
    const exprs = new ExpressionCache();
    const obj = { a: 1 };
    expect(await exprs.evaluate('$', obj)).toBe(obj);
    for (const v of [obj, 3, 'x', null, [1, 2], [{ a: 1 }]])
      expect(await exprs.evaluate('$', v)).toEqual(await exprs.evaluate('($)', v));
  });
});
