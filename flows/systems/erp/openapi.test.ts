import { beforeEach, describe, expect, it } from 'vitest';
import { createSampleSystems, type SampleSystems } from '../index.ts';
import { appRoutes, documentedRoutes, OpenApiClient, type OpenApiDoc } from '../openapi-testing.ts';
import { call } from '../testing.ts';

describe('ERP OpenAPI document', () => {
  let sys: SampleSystems;
  let api: OpenApiClient;
  beforeEach(async () => {
    sys = createSampleSystems({ crmRateLimit: false });
    const doc = await call<OpenApiDoc>(sys.app, 'GET', '/erp/openapi.json');
    expect(doc.status).toBe(200);
    api = new OpenApiClient(sys.app, doc.body);
  });

  it('is OpenAPI 3.1 and documents every route the app has, each with a camelCase operationId and a summary', () => {
    expect(api.doc.openapi).toBe('3.1.0');
    expect(documentedRoutes(api.doc)).toEqual(appRoutes(sys.state.erp.app));
    for (const byMethod of Object.values(api.doc.paths))
      for (const op of Object.values(byMethod)) {
        expect(op.operationId).toMatch(/^[a-z][A-Za-z0-9]*$/);
        expect(op.summary.length).toBeGreaterThan(0);
      }
  });

  it('answers every documented operation with bodies the document describes', async () => {
    const cust = { externalRef: 'ACC-1002', name: 'Tailspin', legalEntity: 'TS-FR', taxRegion: 'FR', currency: 'EUR' };
    const c = await api.call('createCustomer', { body: cust });
    expect(c.status).toBe(201);
    expect((await api.call('createCustomer', { body: { ...cust, legalEntity: 'XX' } })).status).toBe(422);
    expect((await api.call('createCustomer', { body: { ...cust, vat: 'x' }, invalid: true })).status).toBe(400);
    expect((await api.call('listCustomers', { query: { externalRef: 'ACC-1002' } })).body.customers).toHaveLength(1);
    expect((await api.call('getCustomer', { params: { customerNo: c.body.customerNo } })).status).toBe(200);
    expect((await api.call('getCustomer', { params: { customerNo: 'C-404' } })).status).toBe(404);

    const project = { code: 'TS-1', name: 'Rollout', customerNo: c.body.customerNo, budgetMinor: 100_000 };
    const p = await api.call('createProject', { body: project });
    expect(p.status).toBe(201);
    expect((await api.call('createProject', { body: project })).status).toBe(409);
    expect((await api.call('createProject', { body: { ...project, code: 'TS-2', customerNo: 'C-404' } })).status).toBe(
      422,
    );
    const batch = { projects: [{ ...project, code: 'TS-1-A', parentProjectNo: p.body.projectNo }] };
    expect((await api.call('createProjects', { body: batch })).status).toBe(201);
    expect((await api.call('listProjects', { query: { code: 'TS-1-A' } })).body.projects).toHaveLength(1);
    expect((await api.call('getProject', { params: { projectNo: p.body.projectNo } })).status).toBe(200);
    expect((await api.call('getProject', { params: { projectNo: 'P-404' } })).status).toBe(404);

    const je = { projectCode: 'TS-1', amountMinor: 12_500, currency: 'EUR', sourceRef: 'TE-1' };
    expect((await api.call('createJournalEntry', { body: je })).status).toBe(201);
    expect((await api.call('createJournalEntry', { body: { ...je, amountMinor: 1.5 }, invalid: true })).status).toBe(
      400,
    );
    expect((await api.call('listJournalEntries', { query: { projectCode: 'TS-1' } })).body.journalEntries).toHaveLength(
      1,
    );
    const rs = { projectCode: 'TS-1', currency: 'EUR', lines: [{ period: '2025-07', amountMinor: 50_000 }] };
    expect((await api.call('createRevenueSchedule', { body: rs })).status).toBe(201);
    expect((await api.call('listRevenueSchedules', {})).body.revenueSchedules).toHaveLength(1);
    const inv = { invoiceNo: 'INV-10001', projectCode: 'TS-1', amountMinor: 50_000, currency: 'EUR' };
    expect((await api.call('createInvoice', { body: inv })).status).toBe(201);
    expect((await api.call('createInvoice', { body: inv })).status).toBe(409);
    expect((await api.call('listInvoices', { query: { projectCode: 'TS-1' } })).body.invoices).toHaveLength(1);

    const expense = {
      id: 'EX-1',
      projectCode: 'TS-1',
      consultant: 'ada',
      date: '2025-06-02',
      category: 'travel',
      amount: '120.40',
      currency: 'EUR',
      billable: true,
      status: 'approved',
    };
    const posting = { sourceRef: 'expenses-2025-06-02.csv#1', expenses: [expense] };
    expect((await api.call('postExpenses', { body: posting })).status).toBe(201);
    expect((await api.call('postExpenses', { body: posting })).status).toBe(200);
    expect((await api.call('listExpensePostings', {})).body.expensePostings).toHaveLength(1);

    expect([...api.called].sort()).toEqual(api.operationIds());
  });
});
