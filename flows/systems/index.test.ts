import { describe, expect, it } from 'vitest';
import { createSampleSystems } from './index.ts';
import { call } from './testing.ts';

describe('sample systems', () => {
  it('mounts all five systems and answers unknown routes with a JSON 404', async () => {
    const { app } = createSampleSystems();
    expect((await call(app, 'GET', '/')).body.systems).toEqual(['crm', 'clm', 'psa', 'erp', 'billing']);
    const miss = await call(app, 'GET', '/erp/api/nothing');
    expect(miss.status).toBe(404);
    expect(miss.body.error.code).toBe('not_found');
  });

  it('POST /<sys>/admin/reset returns seed data, clears faults and zeroes counters', async () => {
    const { app, state } = createSampleSystems();
    const customers = state.erp.store.customers;
    await call(
      app,
      'POST',
      '/erp/api/customers',
      { name: 'X', legalEntity: 'NW-UK', taxRegion: 'GB', currency: 'GBP' },
      { 'Idempotency-Key': 'r' },
    );
    await call(
      app,
      'POST',
      '/erp/api/customers',
      { name: 'X', legalEntity: 'NW-UK', taxRegion: 'GB', currency: 'GBP' },
      { 'Idempotency-Key': 'r' },
    );
    await call(app, 'PUT', '/erp/admin/faults', { failNext: 3 });
    expect((await call(app, 'GET', '/erp/admin/stats')).body).toMatchObject({
      requests: 2,
      duplicates: 1,
      counts: { customers: 2 },
    });

    expect((await call(app, 'POST', '/erp/admin/reset')).status).toBe(200);
    expect((await call(app, 'GET', '/erp/admin/stats')).body).toEqual({
      requests: 0,
      duplicates: 0,
      events: [],
      pendingEvents: 0,
      counts: { customers: 1, projects: 0, journalEntries: 0, revenueSchedules: 0, invoices: 0 },
    });
    expect((await call(app, 'GET', '/erp/admin/faults')).body.failNext).toBe(0);
    expect(state.erp.store.customers).toBe(customers); // same Map, refilled
    // The key was forgotten: the same request now creates again, numbered from the seed.
    const again = await call(
      app,
      'POST',
      '/erp/api/customers',
      { name: 'X', legalEntity: 'NW-UK', taxRegion: 'GB', currency: 'GBP' },
      { 'Idempotency-Key': 'r' },
    );
    expect(again.body.customerNo).toBe('C-2');
  });

  it('reset() and POST /admin/reset restore every system', async () => {
    const systems = createSampleSystems();
    await call(systems.app, 'PATCH', '/crm/services/data/v59.0/sobjects/Opportunity/OPP-2001', {
      StageName: 'Closed Won',
      Project_Code__c: 'NW-1',
    });
    await call(systems.app, 'POST', '/clm/api/contracts/CTR-3001/execute');
    await systems.idle();
    expect(systems.state.crm.emitter.deliveries).toHaveLength(1);
    await call(systems.app, 'POST', '/admin/reset');
    expect(systems.state.crm.store.opportunities.get('OPP-2001')).toMatchObject({
      StageName: 'Negotiation',
      Project_Code__c: null,
    });
    expect(systems.state.clm.store.contracts.get('CTR-3001')?.status).toBe('draft');
    expect(systems.state.crm.emitter.deliveries).toEqual([]);
    systems.state.psa.faults.failNext = 1;
    systems.reset();
    expect(systems.state.psa.faults.failNext).toBe(0);
  });
});
