import { beforeEach, describe, expect, it } from 'vitest';
import { createSampleSystems, type SampleSystems } from '../index.ts';
import { appRoutes, documentedRoutes, OpenApiClient, type OpenApiDoc } from '../openapi-testing.ts';
import { call } from '../testing.ts';

describe('Billing OpenAPI document', () => {
  let sys: SampleSystems;
  let api: OpenApiClient;
  beforeEach(async () => {
    sys = createSampleSystems({ crmRateLimit: false });
    const doc = await call<OpenApiDoc>(sys.app, 'GET', '/billing/openapi.json');
    expect(doc.status).toBe(200);
    api = new OpenApiClient(sys.app, doc.body);
  });

  it('is OpenAPI 3.1 and documents every route the app has, each with a camelCase operationId and a summary', () => {
    expect(api.doc.openapi).toBe('3.1.0');
    expect(documentedRoutes(api.doc)).toEqual(appRoutes(sys.state.billing.app));
    for (const byMethod of Object.values(api.doc.paths))
      for (const op of Object.values(byMethod)) {
        expect(op.operationId).toMatch(/^[a-z][A-Za-z0-9]*$/);
        expect(op.summary.length).toBeGreaterThan(0);
      }
  });

  it('answers every documented operation with bodies the document describes', async () => {
    const acc = { erpCustomerNo: 'C-1', crmAccountId: 'ACC-1001', name: 'Tailspin', currency: 'EUR' };
    const a = await api.call('createAccount', { body: acc });
    expect(a.status).toBe(201);
    expect((await api.call('createAccount', { body: acc })).status).toBe(409);
    expect((await api.call('createAccount', { body: { ...acc, currency: 1 }, invalid: true })).status).toBe(400);
    const accountId = a.body.accountId;
    expect((await api.call('listAccounts', { query: { erpCustomerNo: 'C-1' } })).body.accounts).toHaveLength(1);
    expect((await api.call('getAccount', { params: { id: accountId } })).status).toBe(200);
    expect((await api.call('getAccount', { params: { id: 'BA-404' } })).status).toBe(404);

    const schedule = { accountId, projectCode: 'NW-1', frequency: 'monthly', items: [{ due: '2025-07', amount: 100 }] };
    expect((await api.call('createSchedule', { body: schedule })).status).toBe(201);
    expect((await api.call('createSchedule', { body: { ...schedule, accountId: 'BA-404' } })).status).toBe(422);
    expect((await api.call('listSchedules', { query: { projectCode: 'NW-1' } })).body.schedules).toHaveLength(1);
    const card = { projectCode: 'NW-1', currency: 'EUR', rates: [{ role: 'lead', hourlyRate: '150' }] };
    expect((await api.call('createRateCard', { body: card })).status).toBe(201);
    expect((await api.call('listRateCards', {})).body.rateCards).toHaveLength(1);

    const line = { accountId, projectCode: 'NW-1', quantity: 7.5, unitPrice: '150.00', sourceRef: 'TE-1' };
    expect((await api.call('createInvoiceLine', { body: line })).body.amount).toBe('1125.00');
    expect((await api.call('createInvoiceLine', { body: { ...line, currency: 'USD' } })).status).toBe(422);
    expect((await api.call('listInvoiceLines', { query: { status: 'pending' } })).body.invoiceLines).toHaveLength(1);
    expect((await api.call('createHeldLine', { body: { projectCode: 'NW-1', reason: 'over cap' } })).status).toBe(201);
    expect((await api.call('listHeldLines', { query: { projectCode: 'NW-1' } })).body.heldLines).toHaveLength(1);

    const inv = await api.call('createInvoice', { body: { projectCode: 'NW-1' } });
    expect(inv.status).toBe(201);
    expect((await api.call('createInvoice', { body: { projectCode: 'NW-1' } })).status).toBe(422);
    const invoiceId = inv.body.invoiceId;
    expect((await api.call('payInvoice', { params: { id: invoiceId } })).status).toBe(409);
    expect((await api.call('postInvoice', { params: { id: invoiceId } })).body.status).toBe('posted');
    expect((await api.call('postInvoice', { params: { id: 'INV-404' } })).status).toBe(404);
    expect((await api.call('getReceivables', { params: { id: accountId } })).body.openAmount).toBe('1125.00');
    expect((await api.call('getReceivables', { params: { id: 'BA-404' } })).status).toBe(404);
    expect((await api.call('payInvoice', { params: { id: invoiceId } })).body.status).toBe('paid');
    expect((await api.call('getInvoice', { params: { id: invoiceId } })).body.status).toBe('paid');
    expect((await api.call('getInvoice', { params: { id: 'INV-404' } })).status).toBe(404);
    expect((await api.call('listInvoices', { query: { status: 'paid' } })).body.invoices).toHaveLength(1);

    expect([...api.called].sort()).toEqual(api.operationIds());
  });
});
