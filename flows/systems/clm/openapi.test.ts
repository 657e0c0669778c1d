import { beforeEach, describe, expect, it } from 'vitest';
import { createSampleSystems, type SampleSystems } from '../index.ts';
import { appRoutes, documentedRoutes, OpenApiClient, type OpenApiDoc } from '../openapi-testing.ts';
import { call } from '../testing.ts';

describe('CLM OpenAPI document', () => {
  let sys: SampleSystems;
  let api: OpenApiClient;
  beforeEach(async () => {
    sys = createSampleSystems({ crmRateLimit: false });
    const doc = await call<OpenApiDoc>(sys.app, 'GET', '/clm/openapi.json');
    expect(doc.status).toBe(200);
    api = new OpenApiClient(sys.app, doc.body);
  });

  it('is OpenAPI 3.1 and documents every route the app has, each with a camelCase operationId and a summary', () => {
    expect(api.doc.openapi).toBe('3.1.0');
    expect(documentedRoutes(api.doc)).toEqual(appRoutes(sys.state.clm.app));
    for (const byMethod of Object.values(api.doc.paths))
      for (const op of Object.values(byMethod)) {
        expect(op.operationId).toMatch(/^[a-z][A-Za-z0-9]*$/);
        expect(op.summary.length).toBeGreaterThan(0);
      }
  });

  it('answers every documented operation with bodies the document describes', async () => {
    const draft = {
      title: 'MSA Tailspin',
      counterparty: { name: 'Tailspin', crmAccountId: 'ACC-1001' },
      effectiveDate: '2025-07-01',
      currency: 'EUR',
      terms: {
        feeModel: 'milestone',
        totalValue: 50000,
        billingFrequency: 'milestone',
        milestones: [{ code: 'M1', title: 'Discovery', amount: '20000' }],
      },
    };
    const c = await api.call('createContract', { body: draft });
    expect(c.status).toBe(201);
    expect(c.body.terms.totalValue).toBe('50000.00');
    expect((await api.call('createContract', { body: { ...draft, currency: 'euro' }, invalid: true })).status).toBe(
      400,
    );
    expect((await api.call('getContract', { params: { id: c.body.id } })).body.status).toBe('draft');
    expect((await api.call('getContract', { params: { id: 'CTR-404' } })).status).toBe(404);
    expect((await api.call('executeContract', { params: { id: c.body.id } })).body.status).toBe('executed');
    expect((await api.call('executeContract', { params: { id: c.body.id } })).status).toBe(409);
    expect((await api.call('executeContract', { params: { id: 'CTR-404' } })).status).toBe(404);
    const listed = await api.call('listContracts', { query: { status: 'executed' } });
    expect(listed.body.contracts.map((x: { id: string }) => x.id)).toContain(c.body.id);
    expect((await api.call('listContracts', { query: { status: 'signed' }, invalid: true })).status).toBe(400);
    expect((await api.call('listContracts', {})).body.contracts.length).toBeGreaterThan(1);

    expect([...api.called].sort()).toEqual(api.operationIds());
  });
});
