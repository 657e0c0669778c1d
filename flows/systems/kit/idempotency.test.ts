import { describe, expect, it } from 'vitest';
import { createSampleSystems } from '../index.ts';
import { call } from '../testing.ts';

const customer = {
  externalRef: 'ACC-1001',
  name: 'Northwind Legal LLP',
  legalEntity: 'NW-UK',
  taxRegion: 'GB',
  currency: 'GBP',
};

describe('Idempotency-Key', () => {
  it('replays the first answer for a repeated key, changes nothing and counts the duplicate', async () => {
    const { app, state } = createSampleSystems();
    const first = await call(app, 'POST', '/erp/api/customers', customer, { 'Idempotency-Key': 'k-1' });
    const again = await call(app, 'POST', '/erp/api/customers', customer, { 'Idempotency-Key': 'k-1' });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replay')).toBeNull();
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replay')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(state.erp.store.customers.size).toBe(2); // seed C-1 + one
    const stats = await call(app, 'GET', '/erp/admin/stats');
    expect(stats.body).toMatchObject({ duplicates: 1, counts: { customers: 2 } });
  });

  it('treats a re-ordered JSON body as the same request', async () => {
    const { app } = createSampleSystems();
    await call(app, 'POST', '/erp/api/customers', customer, { 'Idempotency-Key': 'k-2' });
    const reordered = Object.fromEntries(Object.entries(customer).reverse());
    const again = await call(app, 'POST', '/erp/api/customers', reordered, { 'Idempotency-Key': 'k-2' });
    expect(again.headers.get('idempotent-replay')).toBe('true');
  });

  it('answers 422 idempotency_key_reused for the same key with a different body', async () => {
    const { app, state } = createSampleSystems();
    await call(app, 'POST', '/erp/api/customers', customer, { 'Idempotency-Key': 'k-3' });
    const other = await call(
      app,
      'POST',
      '/erp/api/customers',
      { ...customer, name: 'Other' },
      { 'Idempotency-Key': 'k-3' },
    );
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency_key_reused');
    expect(state.erp.store.customers.size).toBe(2);
  });

  it('does not store a 5xx answer, so a retry with the same key runs', async () => {
    const { app, state } = createSampleSystems();
    state.billing.faults.failNext = 1;
    const body = { erpCustomerNo: 'C-1', crmAccountId: 'ACC-1003', name: 'Fabrikam', currency: 'USD' };
    expect((await call(app, 'POST', '/billing/api/accounts', body, { 'Idempotency-Key': 'k-4' })).status).toBe(500);
    const retry = await call(app, 'POST', '/billing/api/accounts', body, { 'Idempotency-Key': 'k-4' });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replay')).toBeNull();
  });

  it('replays a 204 PATCH and emits only once', async () => {
    const { app, state } = createSampleSystems();
    const path = '/crm/services/data/v59.0/sobjects/Opportunity/OPP-2002';
    const a = await call(app, 'PATCH', path, { StageName: 'Closed Won' }, { 'Idempotency-Key': 'won-1' });
    const b = await call(app, 'PATCH', path, { StageName: 'Closed Won' }, { 'Idempotency-Key': 'won-1' });
    expect([a.status, b.status]).toEqual([204, 204]);
    expect(b.headers.get('idempotent-replay')).toBe('true');
    expect(state.crm.emitter.sent).toHaveLength(1);
    expect(state.crm.stats.duplicates).toBe(1);
  });

  it('ignores the header on GET', async () => {
    const { app, state } = createSampleSystems();
    await call(app, 'GET', '/erp/api/customers', undefined, { 'Idempotency-Key': 'g' });
    const again = await call(app, 'GET', '/erp/api/customers', undefined, { 'Idempotency-Key': 'g' });
    expect(again.headers.get('idempotent-replay')).toBeNull();
    expect(state.erp.stats.duplicates).toBe(0);
  });
});
