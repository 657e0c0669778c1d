import { describe, it, expect } from 'vitest';
import map from './jsonata.node.ts';
import { makeTestContext } from '../testing.ts';

const run = (expression: string, input: unknown, ctx = makeTestContext()) =>
  map.execute(ctx, input, map.config.parse({ expression }));

describe('map.jsonata', () => {
  it('evaluates the expression over the input', async () => {
    expect(
      await run('{ "name": client.name, "total": $sum(lines.amount) }', {
        client: { name: 'Acme' },
        lines: [{ amount: 2 }, { amount: 3 }],
      }),
    ).toEqual({
      name: 'Acme',
      total: 5,
    });
  });

  it('sees $trigger and $steps', async () => {
    const ctx = makeTestContext({ trigger: { body: { id: 9 } }, steps: { fetch: { output: 'x' } } });
    expect(await run('[$trigger.body.id, $steps.fetch.output]', null, ctx)).toEqual([9, 'x']);
  });

  it('turns an empty result into null', async () => {
    expect(await run('missing.field', { a: 1 })).toBeNull();
  });

  it('fails with expression_error on a bad expression', async () => {
    await expect(run('$unknownFunction(', {})).rejects.toMatchObject({ code: 'expression_error' });
  });

  it('requires an expression', () => {
    expect(map.config.safeParse({}).success).toBe(false);
    expect(map.config.safeParse({ expression: '' }).success).toBe(false);
  });
});
