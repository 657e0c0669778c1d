import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, settled, stepOf, type DemoStack } from './stack.ts';
import { start, viewOf } from '../support/weft.ts';

const CRM = '/crm/services/data/v59.0/sobjects';
let s: DemoStack;

beforeAll(async () => {
  s = await startDemoStack();
}, 60_000);
afterAll(async () => {
  await s?.close();
});

const sum = (xs: string[]) => xs.reduce((a, x) => a + Math.round(Number(x) * 100), 0);

describe('the example flows against the sample systems, one working day in order', () => {
  it('1. opportunity won: customer, ERP project, PSA shell, billing account and schedule, code written back to the CRM', async () => {
    await s.sys('PATCH', `${CRM}/Opportunity/OPP-2001`, { StageName: 'Closed Won' });
    const [run] = await settled(s, 'opportunity-won', 1);
    expect(run.status, JSON.stringify(run.error)).toBe('succeeded');

    const { customers } = await s.sys('GET', '/erp/api/customers?externalRef=ACC-1001');
    expect(customers).toHaveLength(1);
    expect(customers[0]).toMatchObject({
      name: 'Northwind Legal LLP',
      legalEntity: 'NW-UK',
      taxRegion: 'GB',
      currency: 'GBP',
    });
    const { projects } = await s.sys('GET', '/erp/api/projects?code=PRJ-OPP-2001');
    expect(projects).toEqual([
      expect.objectContaining({ customerNo: customers[0].customerNo, budgetMinor: 12_000_000, currency: 'GBP' }),
    ]);
    expect(await s.sys('GET', '/psa/v1/projects/PRJ-OPP-2001')).toMatchObject({
      clientRef: 'ACC-1001',
      serviceLine: 'Advisory',
      region: 'EMEA',
    });
    const { accounts } = await s.sys('GET', '/billing/api/accounts?crmAccountId=ACC-1001');
    expect(accounts).toEqual([expect.objectContaining({ erpCustomerNo: customers[0].customerNo, currency: 'GBP' })]);
    const { schedules } = await s.sys('GET', '/billing/api/schedules?projectCode=PRJ-OPP-2001');
    expect(schedules).toHaveLength(1);
    expect(schedules[0].items.length).toBe(9); // monthly, April to December
    expect(sum(schedules[0].items.map((i: { amount: string }) => i.amount))).toBe(12_000_000);
    expect(await s.sys('GET', `${CRM}/Opportunity/OPP-2001`)).toMatchObject({
      Project_Code__c: 'PRJ-OPP-2001',
      ERP_Status__c: expect.stringMatching(/^Project P-.+ created$/),
    });
  });

  it('1b. an existing ERP customer is reused, not created again', async () => {
    const before = (await s.sys('GET', '/erp/api/customers?externalRef=ACC-1003')).customers;
    expect(before).toHaveLength(1);
    await s.sys('PATCH', `${CRM}/Opportunity/OPP-2003`, { StageName: 'Closed Won' });
    const runs = await settled(s, 'opportunity-won', 2);
    expect(runs[0].status, JSON.stringify(runs[0].error)).toBe('succeeded');
    expect((await s.sys('GET', '/erp/api/customers?externalRef=ACC-1003')).customers).toEqual(before);
    expect((await s.sys('GET', '/erp/api/projects?code=PRJ-OPP-2003')).projects[0].customerNo).toBe(
      before[0].customerNo,
    );
    expect((await viewOf(s.weft, runs[0].id)).steps!.map((st) => st.nodeId)).not.toContain('create_customer');
  });

  it('2. contract executed: workstream projects in ERP and PSA, rate card, revenue schedule that adds up', async () => {
    await s.sys('POST', '/clm/api/contracts/CTR-3001/execute');
    const [run] = await settled(s, 'contract-executed', 1);
    expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
    // One body run per workstream, in order, each calling the per-record endpoints with its own key.
    expect((await viewOf(s.weft, run.id)).loops).toEqual([
      { nodeId: 'workstreams', total: 2, done: 2, running: 0, failed: [] },
    ]);
    const body = await viewOf(s.weft, `${run.id}.workstreams.1`);
    expect(body.steps!.find((st) => st.nodeId === 'erp_child')!.sentKey).toBe(`${run.id}:erp_child:PRJ-OPP-2001/WS-B`);
    const parent = (await s.sys('GET', '/erp/api/projects?code=PRJ-OPP-2001')).projects[0];
    for (const ws of ['WS-A', 'WS-B']) {
      expect(
        (await s.sys('GET', `/erp/api/projects?code=${encodeURIComponent(`PRJ-OPP-2001/${ws}`)}`)).projects,
      ).toEqual([expect.objectContaining({ parentProjectNo: parent.projectNo })]);
      expect(await s.sys('GET', `/psa/v1/projects/${encodeURIComponent(`PRJ-OPP-2001/${ws}`)}`)).toMatchObject({
        parentCode: 'PRJ-OPP-2001',
      });
    }
    const { rateCards } = await s.sys('GET', '/billing/api/rate-cards?projectCode=PRJ-OPP-2001');
    expect(rateCards).toEqual([
      expect.objectContaining({
        currency: 'GBP',
        capHours: 600,
        rates: expect.arrayContaining([{ role: 'Consultant', hourlyRate: '180.00' }]),
      }),
    ]);
    const revenue = await s.sys('GET', '/erp/api/revenue-schedules?projectCode=PRJ-OPP-2001');
    const lines = revenue.revenueSchedules[0].lines as { amountMinor: number }[];
    expect(lines.reduce((a, l) => a + l.amountMinor, 0)).toBe(12_000_000);
  });

  it('3. time approved: cost to the ERP, billable line at the contract rate, non-billable and over-cap hours held with a reason', async () => {
    const approve = async (e: Record<string, unknown>) => {
      const created = await s.sys('POST', '/psa/v1/time-entries', {
        projectCode: 'PRJ-OPP-2001/WS-A',
        date: '2026-12-03',
        notes: 'work',
        ...e,
      });
      await s.sys('POST', `/psa/v1/time-entries/${created.id}/approve`);
      return created.id as string;
    };
    const billable = await approve({ consultant: 'Ana Torres', role: 'Consultant', hours: 7.5, billable: true });
    let runs = await settled(s, 'time-approved', 1);
    expect(runs[0].status, JSON.stringify(runs[0].error)).toBe('succeeded');
    const lines = (await s.sys('GET', '/billing/api/invoice-lines?projectCode=PRJ-OPP-2001')).invoiceLines;
    expect(lines).toEqual([
      expect.objectContaining({
        sourceRef: billable,
        quantity: 7.5,
        unitPrice: '180.00',
        amount: '1350.00',
        currency: 'GBP',
      }),
    ]);
    const journal = await s.sys(
      'GET',
      `/erp/api/journal-entries?projectCode=${encodeURIComponent('PRJ-OPP-2001/WS-A')}`,
    );
    expect(journal.journalEntries).toEqual([
      expect.objectContaining({ sourceRef: billable, amountMinor: 71_250, currency: 'GBP', account: '5000-Labour' }),
    ]);

    const internal = await approve({ consultant: 'Ana Torres', role: 'Consultant', hours: 2, billable: false });
    runs = await settled(s, 'time-approved', 2);
    expect(runs[0].status).toBe('succeeded');
    const huge = await approve({ consultant: 'Priya Raman', role: 'Partner', hours: 24, billable: true });
    await settled(s, 'time-approved', 3);
    // 7.5 h billed of the 600 h cap: 24 h more still fit; fill the cap, then one more entry is held.
    // All at once: the flow's ordering key (the project) makes entries of one project run one at a time, so the cap holds.
    for (let i = 0; i < 24; i++)
      await approve({
        consultant: 'Tom Becker',
        role: 'Consultant',
        hours: 24,
        billable: true,
        date: `2026-12-${String(4 + (i % 20)).padStart(2, '0')}`,
      });
    await settled(s, 'time-approved', 27, 30_000);
    const held = (await s.sys('GET', '/billing/api/held-lines')).heldLines;
    expect(held).toEqual(
      expect.arrayContaining([expect.objectContaining({ sourceRef: internal, reason: 'non-billable time' })]),
    );
    expect(held).toContainEqual(expect.objectContaining({ reason: expect.stringMatching(/^cap of 600 h reached/) }));
    const billed = (await s.sys('GET', '/billing/api/invoice-lines?projectCode=PRJ-OPP-2001')).invoiceLines as {
      quantity: number;
      amount: string;
      unitPrice: string;
      sourceRef: string;
    }[];
    expect(billed.find((l) => l.sourceRef === huge)).toMatchObject({ unitPrice: '450.00', amount: '10800.00' });
    for (const l of billed)
      expect(Math.round(l.quantity * Number(l.unitPrice) * 100)).toBe(Math.round(Number(l.amount) * 100));
    expect(billed.reduce((a, l) => a + l.quantity, 0)).toBeLessThanOrEqual(600);
  }, 60_000);

  it('4. milestone accepted: an invoice line at the scheduled amount; a milestone outside the schedule fails with the reason', async () => {
    await s.sys('PATCH', `${CRM}/Opportunity/OPP-2002`, { StageName: 'Closed Won' });
    await settled(s, 'opportunity-won', 3);
    await s.sys('POST', '/clm/api/contracts/CTR-3002/execute');
    const contracts = await settled(s, 'contract-executed', 2);
    expect(contracts[0].status, JSON.stringify(contracts[0].error)).toBe('succeeded');
    const accept = async (code: string, title: string) => {
      const m = await s.sys('POST', '/psa/v1/milestones', { projectCode: 'PRJ-OPP-2002', code, title });
      await s.sys('POST', `/psa/v1/milestones/${m.id}/accept`);
      return m.id as string;
    };
    const m1 = await accept('M1', 'Blueprint');
    const [ok] = await settled(s, 'milestone-accepted', 1);
    expect(ok.status, JSON.stringify(ok.error)).toBe('succeeded');
    expect((await s.sys('GET', '/billing/api/invoice-lines?projectCode=PRJ-OPP-2002')).invoiceLines).toEqual([
      expect.objectContaining({ sourceRef: m1, amount: '25000.00', currency: 'EUR' }),
    ]);
    await accept('M9', 'Extra training');
    const [bad] = await settled(s, 'milestone-accepted', 2);
    expect(bad.status).toBe('failed');
    expect(JSON.parse(bad.error!).message).toMatch(/milestone M9 is not in the billing schedule of PRJ-OPP-2002/);
  });

  it('5. invoice posted: recorded in the ERP, status and open receivables on the CRM account', async () => {
    const invoice = await s.sys('POST', '/billing/api/invoices', { projectCode: 'PRJ-OPP-2001' });
    await s.sys('POST', `/billing/api/invoices/${invoice.invoiceId}/post`);
    const [run] = await settled(s, 'invoice-posted', 1);
    expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
    const erp = (await s.sys('GET', '/erp/api/invoices')).invoices;
    expect(erp).toEqual([
      expect.objectContaining({
        invoiceNo: invoice.invoiceId,
        amountMinor: Math.round(Number(invoice.total) * 100),
        currency: 'GBP',
      }),
    ]);
    const account = await s.sys('GET', `${CRM}/Account/ACC-1001`);
    expect(account).toMatchObject({
      Last_Invoice_Number__c: invoice.invoiceId,
      Open_Receivables__c: invoice.total,
      Invoice_Status__c: `Posted ${invoice.invoiceId}`,
    });
  });

  it('6. nightly reconciliation reports projects and invoices missing on one side', async () => {
    const plan = await s.weft.engine.planFor('nightly-reconciliation', 1);
    const clean = await start(s.weft, plan, { scheduledAt: new Date().toISOString() }, { triggerNodeId: 'trigger' });
    const [first] = await settled(s, 'nightly-reconciliation', 1);
    expect(first.id).toBe(clean.runId ?? first.id);
    expect(first.status, JSON.stringify(first.error)).toBe('succeeded');
    expect((await stepOf(s.weft, first.id, 'report')).output).toMatchObject({ mismatches: 0 });

    await s.sys('POST', '/psa/v1/projects', {
      code: 'PRJ-ORPHAN',
      name: 'Booked only in the PSA',
      parentCode: null,
      clientRef: 'ACC-1001',
      serviceLine: 'Advisory',
      region: 'EMEA',
      startDate: '2026-12-01',
      endDate: '2026-12-31',
      budgetHours: 10,
      status: 'active',
    });
    await s.sys('POST', '/erp/api/invoices', {
      invoiceNo: 'INV-LEGACY',
      projectCode: 'PRJ-OPP-2003',
      amountMinor: 500,
      currency: 'USD',
    });
    await start(s.weft, plan, { scheduledAt: new Date().toISOString() }, { triggerNodeId: 'trigger' });
    const [second] = await settled(s, 'nightly-reconciliation', 2);
    expect((await stepOf(s.weft, second.id, 'report')).output).toMatchObject({
      mismatches: 2,
      projects: { missingInErp: ['PRJ-ORPHAN'], missingInPsa: [] },
      invoices: { missingInBilling: ['INV-LEGACY'], missingInErp: [], amountDiffers: [] },
    });
  });
});
