import { describe, expect, it } from 'vitest';
import { ExpressionCache } from './expressions.ts';

describe('$env in expressions', () => {
  it('reads the installation variables as they are at each evaluation', async () => {
    const exprs = new ExpressionCache();
    let current: Record<string, string> = { ERP_COMPANY: '1000' };
    exprs.setVariables(() => current);
    expect(await exprs.evaluate('$env.ERP_COMPANY', null)).toBe('1000');
    current = { ERP_COMPANY: '2000' };
    expect(await exprs.evaluate('$env.ERP_COMPANY', null)).toBe('2000');
    expect(await exprs.evaluate('$env.MISSING', null)).toBeNull();
  });

  it("puts a run's own values over the installation's", async () => {
    const exprs = new ExpressionCache();
    exprs.setVariables(() => ({ ERP_COMPANY: '1000', ERP_BASE: 'https://erp.example' }));
    const v = await exprs.evaluate('[$env.ERP_COMPANY, $env.ERP_BASE & "/projects"]', null, {
      env: { ERP_COMPANY: '9999' },
    });
    expect(v).toEqual(['9999', 'https://erp.example/projects']);
  });

  it('is there for $eval and empty without variables', async () => {
    const exprs = new ExpressionCache();
    expect(await exprs.evaluate('$count($keys($env))', null)).toBe(0);
    exprs.setVariables(() => ({ LIMIT: '250' }));
    expect(await exprs.evaluate('$eval("$number($env.LIMIT) * 2")', null)).toBe(500);
  });
});
