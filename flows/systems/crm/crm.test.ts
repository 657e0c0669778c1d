import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpStub } from '../../../test/support/http-stub.ts';
import { until } from '../../../test/support/poll.ts';
import { createSampleSystems } from '../index.ts';
import { call, fakeClock } from '../testing.ts';

const api = '/crm/services/data/v59.0';

describe('CRM records', () => {
  it('reads seeds, creates Salesforce-style and patches partially (204)', async () => {
    const { app } = createSampleSystems();
    const acc = await call(app, 'GET', `${api}/sobjects/Account/ACC-1004`);
    expect(acc.body).toMatchObject({
      Id: 'ACC-1004',
      Legal_Entity__c: 'TS-FR',
      Tax_Region__c: 'XX',
      CurrencyIsoCode: 'EUR',
      BillingCity: 'Paris',
    });
    const created = await call(app, 'POST', `${api}/sobjects/Contact`, {
      AccountId: 'ACC-1001',
      LastName: 'Ng',
      Email: 'ng@example.com',
    });
    expect(created).toMatchObject({ status: 201, body: { id: 'CON-4005', success: true, errors: [] } });
    const patched = await call(app, 'PATCH', `${api}/sobjects/Account/ACC-1001`, {
      Open_Receivables__c: '1350.5',
      Invoice_Status__c: 'Invoiced',
    });
    expect(patched.status).toBe(204);
    expect((await call(app, 'GET', `${api}/sobjects/Account/ACC-1001`)).body).toMatchObject({
      Open_Receivables__c: '1350.50',
      Name: 'Northwind Legal LLP',
    });
  });

  it('answers 400 naming the field, 400 for bad JSON and 404 for unknown ids', async () => {
    const { app } = createSampleSystems();
    const bad = await call(app, 'PATCH', `${api}/sobjects/Opportunity/OPP-2001`, { Amount: 'lots' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_request', fields: [{ field: 'Amount' }] });
    expect(bad.body.error.message).toContain('Amount');
    const unknown = await call(app, 'PATCH', `${api}/sobjects/Opportunity/OPP-2001`, { Colour__c: 'red' });
    expect(unknown.body.error.fields).toEqual([{ field: 'Colour__c', message: 'unknown field' }]);
    expect((await call(app, 'PATCH', `${api}/sobjects/Opportunity/OPP-2001`, '{"StageName":')).body.error.code).toBe(
      'invalid_json',
    );
    expect((await call(app, 'GET', `${api}/sobjects/Opportunity/OPP-9999`)).status).toBe(404);
    const orphan = await call(app, 'POST', `${api}/sobjects/Opportunity`, {
      AccountId: 'ACC-0',
      Name: 'x',
      StageName: 'Proposal',
    });
    expect(orphan.status).toBe(422);
  });

  it('queries opportunities by stage', async () => {
    const { app } = createSampleSystems();
    await call(app, 'PATCH', `${api}/sobjects/Opportunity/OPP-2003`, { StageName: 'Closed Won' });
    const q = await call(app, 'GET', `${api}/query/opportunities?stage=Closed%20Won`);
    expect(q.body.records.map((o: { Id: string }) => o.Id)).toEqual(['OPP-2003']);
  });
});

describe('CRM rate limit', () => {
  it('answers 429 with Retry-After past the limit and admits again in the next window', async () => {
    const clock = fakeClock();
    const { app } = createSampleSystems({ now: clock.now, crmRateLimit: { limit: 3, windowMs: 60_000 } });
    const get = (client: string) =>
      call(app, 'GET', `${api}/sobjects/Account/ACC-1001`, undefined, { 'X-Client-Id': client });
    for (let i = 0; i < 3; i++) expect((await get('a')).status).toBe(200);
    clock.advance(15_000);
    const limited = await get('a');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(limited.headers.get('retry-after')).toBe('45');
    expect((await get('b')).status).toBe(200); // per client
    expect((await call(app, 'GET', '/crm/admin/stats')).status).toBe(200); // admin not limited
    clock.advance(45_000);
    expect((await get('a')).status).toBe(200);
  });

  it('defaults to 100 per 60 s', async () => {
    const clock = fakeClock();
    const { app } = createSampleSystems({ now: clock.now });
    const statuses = [];
    for (let i = 0; i < 101; i++) statuses.push((await call(app, 'GET', `${api}/query/opportunities`)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(100);
    expect(statuses[100]).toBe(429);
  });
});

describe('CRM closed-won event', () => {
  let weft: HttpStub;
  beforeEach(async () => (weft = await HttpStub.start()));
  afterEach(async () => weft.close());

  const win = (app: ReturnType<typeof createSampleSystems>['app']) =>
    call(app, 'PATCH', `${api}/sobjects/Opportunity/OPP-2001`, { StageName: 'Closed Won' });

  it('emits exactly one event with Idempotency-Key = eventId', async () => {
    const systems = createSampleSystems({ weftUrl: weft.url });
    expect((await win(systems.app)).status).toBe(204);
    expect((await win(systems.app)).status).toBe(204); // already won: no second event
    const [req] = await weft.waitForCalls('/hooks/crm/opportunity-won', 1);
    const body = JSON.parse(req.body);
    expect(body).toMatchObject({
      event: 'opportunity.closed_won',
      opportunity: { Id: 'OPP-2001', StageName: 'Closed Won', Amount: '120000.00', LineItems: [{}, {}] },
      account: { Id: 'ACC-1001', Legal_Entity__c: 'NW-UK' },
    });
    expect(req.idempotencyKey).toBe(body.eventId);
    expect(new Date(body.occurredAt).toISOString()).toBe(body.occurredAt);
    const events = await until(
      () => systems.state.crm.emitter.deliveries.length === 1 && systems.state.crm.emitter.deliveries,
      'delivery record',
    );
    expect(events).toEqual([{ path: 'crm/opportunity-won', eventId: body.eventId, status: 200, attempts: 1 }]);
    await systems.idle();
    expect(weft.calls('/hooks/crm/opportunity-won')).toHaveLength(1);
    expect((await call(systems.app, 'GET', '/crm/admin/stats')).body.events).toEqual(events);
  });

  it('retries with the same key when Weft answers 500 once', async () => {
    weft.failTimes('/hooks/crm/opportunity-won', 1, { status: 500 });
    const systems = createSampleSystems({ weftUrl: weft.url, delivery: { backoffMs: 10 } });
    await win(systems.app);
    const calls = await weft.waitForCalls('/hooks/crm/opportunity-won', 2);
    expect(calls[0].idempotencyKey).toBe(calls[1].idempotencyKey);
    await until(() => systems.state.crm.emitter.deliveries[0], 'delivery record');
    expect(systems.state.crm.emitter.deliveries[0]).toMatchObject({ status: 200, attempts: 2 });
  });

  it('gives up after 5 attempts and records the last status; a 4xx is not retried', async () => {
    weft.respond('/hooks/crm/opportunity-won', { status: 503 });
    weft.respond('/hooks/clm/contract-executed', { status: 400 });
    const systems = createSampleSystems({ weftUrl: weft.url, delivery: { backoffMs: 1 } });
    await win(systems.app);
    await call(systems.app, 'POST', '/clm/api/contracts/CTR-3001/execute');
    await systems.idle();
    expect(systems.state.crm.emitter.deliveries[0]).toMatchObject({ status: 503, attempts: 5 });
    expect(systems.state.clm.emitter.deliveries[0]).toMatchObject({ status: 400, attempts: 1 });
  });

  it('answers the PATCH before delivering, and only records when no weftUrl is set', async () => {
    const systems = createSampleSystems();
    await win(systems.app);
    expect(systems.state.crm.emitter.deliveries).toEqual([]); // not yet: delivery runs after the answer
    await systems.idle();
    expect(systems.state.crm.emitter.deliveries).toMatchObject([
      { path: 'crm/opportunity-won', status: 0, attempts: 0 },
    ]);
    expect(systems.state.crm.emitter.sent[0].body).toMatchObject({ event: 'opportunity.closed_won' });
  });
});
