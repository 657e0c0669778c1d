import { describe, expect, it } from 'vitest';
import { apiPerTest } from '../support/api.ts';
import { deploy, finished, start, stepRows } from '../support/weft.ts';
import { flow, n } from '../support/flows.ts';

const t = apiPerTest();
const CRM_TO_ERP = [
  { key: 'ACC-1', value: 'C-1001' },
  { key: '42', value: { number: 'C-0042' } },
];

async function outputOf(expression: string, body: unknown) {
  const plan = await deploy(
    t.weft,
    flow(`f${Math.random().toString(36).slice(2, 8)}`, { in: n.manual(), map: n.map(expression) }, ['in>map']),
  );
  const { runId } = await start(t.weft, plan, body);
  const run = await finished(t.weft, runId);
  const step = (await stepRows(t.weft, runId)).map!;
  return { run, step, output: step.output === null ? null : JSON.parse(step.output as string) };
}

describe('$lookup in expressions', () => {
  it('reads a lookup table in a step of a run, and sees a replaced table at once', async () => {
    await t.call('POST', '/api/lookup-tables', { name: 'crm_to_erp', entries: CRM_TO_ERP });
    const expr = `{ "erp": $lookup('crm_to_erp', account), "byNumber": $lookup('crm_to_erp', 42).number, "found": $exists($lookup('crm_to_erp', 'ACC-9')) }`;
    const first = await outputOf(expr, { account: 'ACC-1' });
    expect(first.run.status).toBe('succeeded');
    expect(first.output).toEqual({ erp: 'C-1001', byNumber: 'C-0042', found: false });

    const put = await t.call('PUT', '/api/lookup-tables/crm_to_erp', {
      entries: [{ key: 'ACC-1', value: 'C-2001' }],
      version: 1,
    });
    expect(put.status).toBe(200);
    const second = await outputOf(`$lookup('crm_to_erp', account)`, { account: 'ACC-1' });
    expect(second.output).toBe('C-2001');
  });

  it('fails the step with an error naming a table that does not exist', async () => {
    const { run, step } = await outputOf(`$lookup('no_such_table', account)`, { account: 'ACC-1' });
    expect(run.status).toBe('failed');
    expect(step.error).toContain('lookup table \\"no_such_table\\" does not exist');
  });

  it("keeps JSONata's $lookup(object, key)", async () => {
    const { output } = await outputOf(`$lookup(account, 'id')`, { account: { id: 'A' } });
    expect(output).toBe('A');
  });

  it('reads lookup tables in the designer preview', async () => {
    await t.call('POST', '/api/lookup-tables', {
      name: 'gl_accounts',
      entries: [{ key: 'consulting', value: '4000' }],
    });
    const ok = await t.call('POST', '/api/expressions/evaluate', {
      expression: `="GL " & $lookup('gl_accounts', line)`,
      input: { line: 'consulting' },
    });
    expect(ok.body).toEqual({ ok: true, result: 'GL 4000' });
    const unknown = await t.call('POST', '/api/expressions/evaluate', {
      expression: `$lookup('gl', line)`,
      input: { line: 'consulting' },
    });
    expect(unknown.body.ok).toBe(false);
    expect(unknown.body.error.message).toContain('lookup table "gl" does not exist');
  });
});
