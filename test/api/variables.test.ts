import { describe, expect, it } from 'vitest';
import { apiPerTest } from '../support/api.ts';
import type { Role } from '../../shared/identity.ts';
import { flow, n } from '../support/flows.ts';

const t = apiPerTest();

async function tokenOf(role: Role): Promise<Record<string, string>> {
  const { token } = await t.weft.identity.createToken(`${role} token`, role, null, null);
  return { authorization: `Bearer ${token}` };
}

describe('/api/variables', () => {
  it('sets, lists, changes and deletes variables, with an audit entry per change holding the values', async () => {
    const created = await t.call('PUT', '/api/variables/ERP_COMPANY', {
      value: '1000',
      description: 'Company code in the ERP',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'ERP_COMPANY',
      value: '1000',
      description: 'Company code in the ERP',
      updatedBy: 'bootstrap',
    });
    await t.call('PUT', '/api/variables/ERP_BASE', { value: 'https://erp.example.com' });

    // A description left out keeps the one the variable had.
    const changed = await t.call('PUT', '/api/variables/ERP_COMPANY', { value: '2000' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ value: '2000', description: 'Company code in the ERP' });
    // Setting what it holds already changes nothing (and writes no audit entry).
    expect((await t.call('PUT', '/api/variables/ERP_COMPANY', { value: '2000' })).status).toBe(200);

    const list = await t.call('GET', '/api/variables');
    expect(list.body.variables.map((v: { name: string; value: string }) => [v.name, v.value])).toEqual([
      ['ERP_BASE', 'https://erp.example.com'],
      ['ERP_COMPANY', '2000'],
    ]);
    expect(t.weft.variables.current()).toEqual({ ERP_BASE: 'https://erp.example.com', ERP_COMPANY: '2000' });

    expect((await t.call('DELETE', '/api/variables/ERP_BASE')).body).toEqual({ deleted: 'ERP_BASE' });
    const missing = await t.call('DELETE', '/api/variables/ERP_BASE');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('there is no variable ERP_BASE');
    expect(t.weft.variables.current()).toEqual({ ERP_COMPANY: '2000' });

    const audit = await t.weft.audit.list({ action: 'variable.' });
    expect(audit.map((e) => [e.action, e.target])).toEqual([
      ['variable.deleted', 'ERP_BASE'],
      ['variable.updated', 'ERP_COMPANY'],
      ['variable.created', 'ERP_BASE'],
      ['variable.created', 'ERP_COMPANY'],
    ]);
    expect(audit[1]).toMatchObject({
      actorName: 'bootstrap',
      before: { value: '1000', description: 'Company code in the ERP' },
      after: { value: '2000', description: 'Company code in the ERP' },
    });
    expect(audit[0]).toMatchObject({ before: { value: 'https://erp.example.com', description: '' } });
    expect((await t.weft.audit.verify()).ok).toBe(true);
  });

  it('says what is wrong with a variable it refuses, and stores nothing of it', async () => {
    const badName = await t.call('PUT', '/api/variables/erp_company', { value: '1' });
    expect(badName.status).toBe(400);
    expect(badName.body.error.message).toContain('not a variable name');
    expect((await t.call('PUT', `/api/variables/A${'B'.repeat(64)}`, { value: '1' })).status).toBe(400);

    const notText = await t.call('PUT', '/api/variables/LIMIT', { value: 250 });
    expect(notText.status).toBe(400);
    expect(notText.body.error.message).toBe(
      'invalid body: value: value must be a string (write numbers and flags as text: "250", "true")',
    );
    const extra = await t.call('PUT', '/api/variables/LIMIT', { value: '1', secret: true });
    expect(extra.status).toBe(400);
    expect((await t.call('PUT', '/api/variables/LIMIT', '{"value":')).status).toBe(400);

    const long = await t.call('PUT', '/api/variables/LIMIT', { value: 'é'.repeat(2049) });
    expect(long.status).toBe(422);
    expect(long.body.error).toMatchObject({
      code: 'invalid_variable',
      message: 'LIMIT: the value is 4098 bytes; a variable holds at most 4096 bytes',
    });
    expect((await t.call('PUT', '/api/variables/LIMIT', { value: 'a\u0000b' })).status).toBe(422);
    expect((await t.call('PUT', '/api/variables/LIMIT', { value: 'x'.repeat(4096) })).status).toBe(201);

    expect((await t.call('GET', '/api/variables')).body.variables.map((v: { name: string }) => v.name)).toEqual([
      'LIMIT',
    ]);
    expect((await t.weft.audit.list({ action: 'variable.' })).length).toBe(1);
  });

  it('are read by the designer preview, and the check of a draft names the ones this installation lacks', async () => {
    await t.call('PUT', '/api/variables/ERP_COMPANY', { value: '1000' });
    const preview = await t.call('POST', '/api/expressions/evaluate', {
      expression: "$env.ERP_COMPANY & '-' & code",
      input: { code: 'P1' },
    });
    expect(preview.body).toEqual({ ok: true, result: '1000-P1' });

    const def = flow('check-env', { in: n.manual(), map: n.map('[$env.ERP_COMPANY, $env.ERP_REGION]') }, ['in>map']);
    expect((await t.call('POST', '/api/flows', def)).status).toBe(201);
    const checked = await t.call('POST', '/api/flows/check-env/validate', {});
    expect(checked.body.problems).toEqual([
      {
        severity: 'warning',
        code: 'unknown_variable',
        message: '$env.ERP_REGION: this installation has no variable ERP_REGION; an admin adds it under Variables',
        nodeId: 'map',
        path: 'config.expression',
        position: 19,
      },
    ]);
  });

  it('lets analysts and operators read and only admins change', async () => {
    await t.call('PUT', '/api/variables/ERP_COMPANY', { value: '1000' });
    for (const role of ['analyst', 'operator'] as const) {
      const as = await tokenOf(role);
      expect((await t.call('GET', '/api/variables', undefined, as)).body.variables).toHaveLength(1);
      const put = await t.call('PUT', '/api/variables/ERP_COMPANY', { value: '2' }, as);
      expect(put.status).toBe(403);
      expect(put.body.error.message).toContain('this needs the admin role');
      expect((await t.call('DELETE', '/api/variables/ERP_COMPANY', undefined, as)).status).toBe(403);
    }
    expect((await t.call('GET', '/api/variables', undefined, { authorization: '' })).status).toBe(401);
    expect(t.weft.variables.current()).toEqual({ ERP_COMPANY: '1000' });
  });
});
