import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpStub } from '../../../test/support/http-stub.ts';
import { createSampleSystems, type SampleSystems } from '../index.ts';
import { call } from '../testing.ts';

describe('billing', () => {
  let weft: HttpStub;
  let sys: SampleSystems;
  beforeEach(async () => {
    weft = await HttpStub.start();
    sys = createSampleSystems({ weftUrl: weft.url });
  });
  afterEach(async () => weft.close());

  const account = {
    erpCustomerNo: 'C-1',
    crmAccountId: 'ACC-1003',
    name: 'Fabrikam Energy Inc',
    currency: 'USD',
    paymentTermsDays: 45,
  };

  it('creates one account per ERP customer (409 account_exists) and finds it by CRM id', async () => {
    const a = await call(sys.app, 'POST', '/billing/api/accounts', account);
    expect(a.body).toEqual({ accountId: 'BA-1', ...account });
    const dup = await call(sys.app, 'POST', '/billing/api/accounts', account);
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'account_exists', details: { account: a.body } });
    expect((await call(sys.app, 'GET', '/billing/api/accounts?crmAccountId=ACC-1003')).body.accounts).toEqual([a.body]);
    expect((await call(sys.app, 'GET', '/billing/api/accounts/BA-9')).status).toBe(404);
  });

  it('turns lines into an invoice, posts it (event), reports receivables and takes payment', async () => {
    await call(sys.app, 'POST', '/billing/api/accounts', account);
    const line = (quantity: number, unitPrice: string, sourceRef: string) =>
      call(sys.app, 'POST', '/billing/api/invoice-lines', {
        accountId: 'BA-1',
        projectCode: 'FAB-1',
        description: 'Consulting',
        quantity,
        unitPrice,
        sourceRef,
      });
    expect((await line(7.5, '180.00', 'TE-1')).body).toMatchObject({
      lineId: 'IL-1',
      amount: '1350.00',
      currency: 'USD',
      status: 'pending',
    });
    await line(0.1, '0.20', 'TE-2'); // 0.02
    await line(1, '0.01', 'TE-3');
    const inv = await call(sys.app, 'POST', '/billing/api/invoices', { projectCode: 'FAB-1' });
    expect(inv.body).toEqual({
      invoiceId: 'INV-10001',
      accountId: 'BA-1',
      projectCode: 'FAB-1',
      currency: 'USD',
      total: '1350.03',
      lineIds: ['IL-1', 'IL-2', 'IL-3'],
      status: 'draft',
      postedAt: null,
    });
    expect(
      (await call(sys.app, 'GET', '/billing/api/invoice-lines?projectCode=FAB-1')).body.invoiceLines.every(
        (l: { status: string }) => l.status === 'invoiced',
      ),
    ).toBe(true);
    expect((await call(sys.app, 'POST', '/billing/api/invoices', { projectCode: 'FAB-1' })).body.error.code).toBe(
      'no_pending_lines',
    );

    const posted = await call(sys.app, 'POST', '/billing/api/invoices/INV-10001/post');
    expect(posted.body).toMatchObject({ status: 'posted', postedAt: expect.any(String) });
    const [hook] = await weft.waitForCalls('/hooks/billing/invoice-posted', 1);
    expect(JSON.parse(hook.body)).toMatchObject({
      event: 'invoice.posted',
      invoice: { invoiceId: 'INV-10001', total: '1350.03' },
      account: { accountId: 'BA-1' },
    });
    expect((await call(sys.app, 'POST', '/billing/api/invoices/INV-10001/post')).status).toBe(409);

    expect((await call(sys.app, 'GET', '/billing/api/accounts/BA-1/receivables')).body).toEqual({
      accountId: 'BA-1',
      openAmount: '1350.03',
      currency: 'USD',
      openInvoices: 1,
    });
    expect((await call(sys.app, 'POST', '/billing/api/invoices/INV-10001/pay')).body.status).toBe('paid');
    expect((await call(sys.app, 'GET', '/billing/api/accounts/BA-1/receivables')).body).toMatchObject({
      openAmount: '0.00',
      openInvoices: 0,
    });
  });

  it('validates references and money: unknown account 422, currency mismatch 422, bad amount 400', async () => {
    await call(sys.app, 'POST', '/billing/api/accounts', account);
    const base = { accountId: 'BA-1', projectCode: 'P', quantity: 1, unitPrice: '10.00' };
    expect(
      (await call(sys.app, 'POST', '/billing/api/invoice-lines', { ...base, accountId: 'BA-2' })).body.error.fields[0]
        .field,
    ).toBe('accountId');
    expect((await call(sys.app, 'POST', '/billing/api/invoice-lines', { ...base, currency: 'EUR' })).status).toBe(422);
    const bad = await call(sys.app, 'POST', '/billing/api/invoice-lines', { ...base, unitPrice: '10.001' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('unitPrice');
  });

  it('stores schedules, rate cards and held lines', async () => {
    await call(sys.app, 'POST', '/billing/api/accounts', account);
    const s = await call(sys.app, 'POST', '/billing/api/schedules', {
      accountId: 'BA-1',
      projectCode: 'FAB-1',
      frequency: 'quarterly',
      items: [{ due: '2025-06-30', amount: '60000' }],
    });
    expect(s.body).toMatchObject({
      scheduleId: 'BS-1',
      currency: 'USD',
      items: [{ due: '2025-06-30', amount: '60000.00' }],
    });
    await call(sys.app, 'POST', '/billing/api/rate-cards', {
      projectCode: 'FAB-1',
      currency: 'USD',
      rates: [{ role: 'Consultant', hourlyRate: '180' }],
      capHours: 600,
    });
    expect((await call(sys.app, 'GET', '/billing/api/rate-cards?projectCode=FAB-1')).body.rateCards[0].rates).toEqual([
      { role: 'Consultant', hourlyRate: '180.00' },
    ]);
    const held = await call(sys.app, 'POST', '/billing/api/held-lines', {
      projectCode: 'FAB-1',
      sourceRef: 'TE-9',
      reason: 'over cap',
      quantity: 4,
    });
    expect(held.body).toMatchObject({ id: 'HL-1', reason: 'over cap', createdAt: expect.any(String) });
    expect((await call(sys.app, 'GET', '/billing/api/held-lines')).body.heldLines).toHaveLength(1);
    expect(sys.state.billing.counts()).toMatchObject({ accounts: 1, schedules: 1, rateCards: 1, heldLines: 1 });
  });
});
