import { describe, expect, it } from 'vitest';
import { until } from '../../../test/support/poll.ts';
import { createSampleSystems } from '../index.ts';
import { call } from '../testing.ts';

describe('CLM', () => {
  it('serves the seeded drafts with their terms', async () => {
    const { app } = createSampleSystems();
    const list = await call(app, 'GET', '/clm/api/contracts?opportunityId=OPP-2002');
    expect(list.body.contracts).toHaveLength(1);
    expect(list.body.contracts[0]).toMatchObject({
      id: 'CTR-3002',
      status: 'draft',
      currency: 'EUR',
      counterparty: { crmAccountId: 'ACC-1002' },
      terms: {
        feeModel: 'milestone',
        milestones: [{ code: 'M1', amount: '25000.00' }, { code: 'M2' }, { code: 'M3' }],
      },
    });
    expect((await call(app, 'GET', '/clm/api/contracts/CTR-3001')).body.terms).toMatchObject({
      capHours: 600,
      billingFrequency: 'monthly',
    });
  });

  it('executes a contract once and emits contract.executed', async () => {
    const { app, state } = createSampleSystems();
    const x = await call(app, 'POST', '/clm/api/contracts/CTR-3001/execute');
    expect(x.body).toMatchObject({ status: 'executed', executedAt: expect.any(String) });
    expect((await call(app, 'POST', '/clm/api/contracts/CTR-3001/execute')).status).toBe(409);
    const [d] = await until(() => state.clm.emitter.deliveries.length > 0 && state.clm.emitter.deliveries, 'delivery');
    expect(d.path).toBe('clm/contract-executed');
    expect(state.clm.emitter.sent[0].body).toMatchObject({
      event: 'contract.executed',
      eventId: d.eventId,
      contract: { id: 'CTR-3001', status: 'executed' },
    });
  });

  it('creates drafts and validates terms', async () => {
    const { app } = createSampleSystems();
    const draft = {
      title: 'Fabrikam MSA',
      counterparty: { name: 'Fabrikam Energy Inc', crmAccountId: 'ACC-1003' },
      opportunityId: 'OPP-2003',
      effectiveDate: '2025-07-01',
      currency: 'USD',
      terms: { feeModel: 'retainer', totalValue: '240000', billingFrequency: 'quarterly' },
    };
    const r = await call(app, 'POST', '/clm/api/contracts', draft);
    expect(r.body).toMatchObject({
      id: 'CTR-3003',
      number: 'MSA-2025-0003',
      status: 'draft',
      terms: { totalValue: '240000.00', paymentTermsDays: 30, rateCard: [] },
    });
    const bad = await call(app, 'POST', '/clm/api/contracts', {
      ...draft,
      terms: { ...draft.terms, feeModel: 'barter' },
    });
    expect(bad.body.error.fields[0].field).toBe('terms.feeModel');
  });
});
