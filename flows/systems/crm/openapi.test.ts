import { beforeEach, describe, expect, it } from 'vitest';
import { createSampleSystems, type SampleSystems } from '../index.ts';
import { appRoutes, documentedRoutes, OpenApiClient, type OpenApiDoc } from '../openapi-testing.ts';
import { call } from '../testing.ts';

describe('CRM OpenAPI document', () => {
  let sys: SampleSystems;
  let api: OpenApiClient;
  beforeEach(async () => {
    sys = createSampleSystems({ crmRateLimit: { limit: 60 } });
    const doc = await call<OpenApiDoc>(sys.app, 'GET', '/crm/openapi.json');
    expect(doc.status).toBe(200);
    api = new OpenApiClient(sys.app, doc.body);
  });

  it('is OpenAPI 3.1 and documents every route the app has, each with a camelCase operationId and a summary', () => {
    expect(api.doc.openapi).toBe('3.1.0');
    expect(documentedRoutes(api.doc)).toEqual(appRoutes(sys.state.crm.app));
    for (const byMethod of Object.values(api.doc.paths))
      for (const op of Object.values(byMethod)) {
        expect(op.operationId).toMatch(/^[a-z][A-Za-z0-9]*$/);
        expect(op.summary.length).toBeGreaterThan(0);
      }
  });

  it('answers every documented operation with bodies the document describes', async () => {
    const acc = await api.call('createAccount', { body: { Name: 'Tailspin', CurrencyIsoCode: 'EUR' } });
    expect(acc.status).toBe(201);
    expect((await api.call('createAccount', { body: { Nom: 'x' }, invalid: true })).status).toBe(400);
    const accId = acc.body.id;
    expect((await api.call('updateAccount', { params: { id: accId }, body: { BillingCity: 'Lyon' } })).status).toBe(
      204,
    );
    expect((await api.call('updateAccount', { params: { id: 'ACC-404' }, body: {} })).status).toBe(404);
    expect((await api.call('getAccount', { params: { id: accId } })).body.BillingCity).toBe('Lyon');
    expect((await api.call('getAccount', { params: { id: 'ACC-404' } })).status).toBe(404);

    const con = await api.call('createContact', { body: { AccountId: accId, LastName: 'Lovelace', Email: 'a@x.io' } });
    expect(con.status).toBe(201);
    expect((await api.call('createContact', { body: { AccountId: 'ACC-404', LastName: 'X' } })).status).toBe(422);
    expect((await api.call('updateContact', { params: { id: con.body.id }, body: { Title: 'CFO' } })).status).toBe(204);
    expect((await api.call('updateContact', { params: { id: con.body.id }, body: { AccountId: 'NO' } })).status).toBe(
      422,
    );
    expect((await api.call('getContact', { params: { id: con.body.id } })).body.Title).toBe('CFO');

    const opp = {
      AccountId: accId,
      Name: 'Rollout',
      StageName: 'Proposal',
      Amount: 1200.5,
      LineItems: [{ Name: 'Advisory', Quantity: 2, UnitPrice: '600.25' }],
    };
    const o = await api.call('createOpportunity', { body: opp });
    expect(o.status).toBe(201);
    expect((await api.call('createOpportunity', { body: { ...opp, StageName: 'Won' }, invalid: true })).status).toBe(
      400,
    );
    expect((await api.call('createOpportunity', { body: { ...opp, AccountId: 'NO' } })).status).toBe(422);
    const won = { StageName: 'Closed Won', CloseDate: '2025-06-30' };
    expect((await api.call('updateOpportunity', { params: { id: o.body.id }, body: won })).status).toBe(204);
    expect((await api.call('getOpportunity', { params: { id: o.body.id } })).body.Amount).toBe('1200.50');
    expect((await api.call('getOpportunity', { params: { id: 'OPP-404' } })).status).toBe(404);
    const q = await api.call('queryOpportunities', { query: { stage: 'Closed Won' } });
    expect(q.body.records.map((r: { Id: string }) => r.Id)).toContain(o.body.id);

    let limited = 0;
    for (let i = 0; i < 60 && limited === 0; i++)
      if ((await api.call('getAccount', { params: { id: accId } })).status === 429) limited++;
    expect(limited).toBe(1);

    expect([...api.called].sort()).toEqual(api.operationIds());
  });
});
