import { describe, expect, it } from 'vitest';
import { ExpressionCache } from './expressions.ts';
import { hashOf } from './expression-functions.ts';

describe('$hash', () => {
  it('gives equal content the same text whatever the key order, and different content another', async () => {
    const exprs = new ExpressionCache();
    const a = await exprs.evaluate('$hash(account)', {
      account: { Id: 'ACC-1', Tax: 'GB', address: { city: 'Leeds', street: '1 Row' } },
    });
    const b = await exprs.evaluate('$hash(account)', {
      account: { address: { street: '1 Row', city: 'Leeds' }, Tax: 'GB', Id: 'ACC-1' },
    });
    const c = await exprs.evaluate('$hash(account)', {
      account: { Id: 'ACC-1', Tax: 'XX', address: { city: 'Leeds', street: '1 Row' } },
    });
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it('composes an idempotency key and treats a missing value as null', async () => {
    const exprs = new ExpressionCache();
    expect(
      await exprs.evaluate('"erp-customer-" & account.Id & "-" & $hash(account)', { account: { Id: 'ACC-1' } }),
    ).toBe(`erp-customer-ACC-1-${hashOf({ Id: 'ACC-1' })}`);
    expect(await exprs.evaluate('$hash(nothing)', {})).toBe(hashOf(null));
    expect(hashOf([1, '1'])).not.toBe(hashOf(['1', 1]));
  });
});
