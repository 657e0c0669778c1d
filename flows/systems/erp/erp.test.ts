import { describe, expect, it } from 'vitest';
import { createSampleSystems } from '../index.ts';
import { call } from '../testing.ts';

const tailspin = {
  externalRef: 'ACC-1004',
  name: 'Tailspin Retail SARL',
  legalEntity: 'TS-FR',
  taxRegion: 'XX',
  currency: 'EUR',
};

describe('ERP customers', () => {
  it('finds the seeded customer by externalRef and answers an empty list otherwise', async () => {
    const { app } = createSampleSystems();
    expect((await call(app, 'GET', '/erp/api/customers?externalRef=ACC-1003')).body.customers).toMatchObject([
      { customerNo: 'C-1', name: 'Fabrikam Energy Inc', legalEntity: 'FB-US', taxRegion: 'US-NY', currency: 'USD' },
    ]);
    expect((await call(app, 'GET', '/erp/api/customers?externalRef=ACC-1001')).body).toEqual({ customers: [] });
    expect((await call(app, 'GET', '/erp/api/customers/C-9')).status).toBe(404);
  });

  it('rejects an unknown tax region with 422 validation_failed naming the field', async () => {
    const { app, state } = createSampleSystems();
    const r = await call(app, 'POST', '/erp/api/customers', tailspin);
    expect(r.status).toBe(422);
    expect(r.body).toEqual({
      error: {
        code: 'validation_failed',
        message: 'customer is invalid',
        fields: [{ field: 'taxRegion', message: 'unknown tax region "XX"' }],
      },
    });
    expect(state.erp.store.customers.size).toBe(1);
  });

  it('reports every broken rule: legal entity, currency, empty name', async () => {
    const { app } = createSampleSystems();
    const r = await call(app, 'POST', '/erp/api/customers', {
      name: ' ',
      legalEntity: 'ZZ-XX',
      taxRegion: 'FR',
      currency: 'euro',
    });
    expect(r.status).toBe(422);
    expect(r.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['name', 'legalEntity', 'currency']);
    expect(r.body.error.fields[1].message).toBe('unknown legal entity "ZZ-XX"');
  });

  it('creates a valid customer with the next number', async () => {
    const { app } = createSampleSystems();
    const r = await call(app, 'POST', '/erp/api/customers', {
      ...tailspin,
      taxRegion: 'FR',
      address: { city: 'Paris' },
    });
    expect(r).toMatchObject({
      status: 201,
      body: { customerNo: 'C-2', taxRegion: 'FR', address: { city: 'Paris', street: null } },
    });
  });

  it('answers 400 for malformed bodies', async () => {
    const { app } = createSampleSystems();
    expect((await call(app, 'POST', '/erp/api/customers', 'nope')).body.error.code).toBe('invalid_json');
    const typed = await call(app, 'POST', '/erp/api/customers', { ...tailspin, name: 42 });
    expect(typed.status).toBe(400);
    expect(typed.body.error.fields[0].field).toBe('name');
  });
});

describe('ERP projects and postings', () => {
  const project = {
    code: 'ACC1003-MS-2025',
    name: 'Fabrikam Managed Grid Analytics',
    customerNo: 'C-1',
    budgetMinor: 24_000_000,
  };

  it('requires a known customer (422) and a unique code (409 with the existing project)', async () => {
    const { app } = createSampleSystems();
    const noCustomer = await call(app, 'POST', '/erp/api/projects', { ...project, customerNo: 'C-77' });
    expect(noCustomer.status).toBe(422);
    expect(noCustomer.body.error.fields).toEqual([{ field: 'customerNo', message: 'unknown customer "C-77"' }]);
    const created = await call(app, 'POST', '/erp/api/projects', project);
    expect(created.body).toEqual({
      projectNo: 'P-1',
      ...project,
      parentProjectNo: null,
      currency: 'USD',
      status: 'open',
    });
    const dup = await call(app, 'POST', '/erp/api/projects', project);
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'project_exists', details: { project: created.body } });
    expect((await call(app, 'GET', `/erp/api/projects?code=${project.code}`)).body.projects).toEqual([created.body]);
    expect((await call(app, 'GET', '/erp/api/projects/P-1')).body).toEqual(created.body);
    expect((await call(app, 'POST', '/erp/api/projects', { ...project, budgetMinor: 10.5 })).status).toBe(400);
  });

  it('records journal entries, revenue schedules and invoices in minor units', async () => {
    const { app, state } = createSampleSystems();
    const je = await call(app, 'POST', '/erp/api/journal-entries', {
      projectCode: 'X',
      amountMinor: 63_000,
      currency: 'GBP',
      sourceRef: 'TE-1',
    });
    expect(je.body).toMatchObject({ entryNo: 'JE-1', account: '5000-Labour', amountMinor: 63_000 });
    const rs = await call(app, 'POST', '/erp/api/revenue-schedules', {
      projectCode: 'X',
      currency: 'GBP',
      lines: [{ period: '2025-04', amountMinor: 100 }],
    });
    expect(rs.status).toBe(201);
    expect(
      (
        await call(app, 'POST', '/erp/api/revenue-schedules', {
          projectCode: 'X',
          currency: 'GBP',
          lines: [{ period: '2025-13', amountMinor: 1 }],
        })
      ).body.error.fields[0].field,
    ).toBe('lines.0.period');
    await call(app, 'POST', '/erp/api/invoices', {
      invoiceNo: 'INV-10001',
      projectCode: 'X',
      amountMinor: 135_000,
      currency: 'USD',
    });
    expect(
      (
        await call(app, 'POST', '/erp/api/invoices', {
          invoiceNo: 'INV-10001',
          projectCode: 'X',
          amountMinor: 1,
          currency: 'USD',
        })
      ).status,
    ).toBe(409);
    expect((await call(app, 'GET', '/erp/api/invoices')).body.invoices).toEqual([
      { invoiceNo: 'INV-10001', projectCode: 'X', amountMinor: 135_000, currency: 'USD' },
    ]);
    expect((await call(app, 'GET', '/erp/api/journal-entries?projectCode=X')).body.journalEntries).toHaveLength(1);
    expect(state.erp.counts()).toEqual({
      customers: 1,
      projects: 0,
      journalEntries: 1,
      revenueSchedules: 1,
      invoices: 1,
    });
  });
});
