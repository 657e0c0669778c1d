import { beforeEach, describe, expect, it } from 'vitest';
import { createSampleSystems, type SampleSystems } from '../index.ts';
import { appRoutes, documentedRoutes, OpenApiClient, type OpenApiDoc } from '../openapi-testing.ts';
import { call } from '../testing.ts';

describe('PSA OpenAPI document', () => {
  let sys: SampleSystems;
  let api: OpenApiClient;
  beforeEach(async () => {
    sys = createSampleSystems({ crmRateLimit: false });
    const doc = await call<OpenApiDoc>(sys.app, 'GET', '/psa/openapi.json');
    expect(doc.status).toBe(200);
    api = new OpenApiClient(sys.app, doc.body);
  });

  it('is OpenAPI 3.1 and documents every route the app has, each with a camelCase operationId and a summary', () => {
    expect(api.doc.openapi).toBe('3.1.0');
    expect(documentedRoutes(api.doc)).toEqual(appRoutes(sys.state.psa.app));
    for (const byMethod of Object.values(api.doc.paths))
      for (const op of Object.values(byMethod)) {
        expect(op.operationId).toMatch(/^[a-z][A-Za-z0-9]*$/);
        expect(op.summary.length).toBeGreaterThan(0);
      }
  });

  it('answers every documented operation with bodies the document describes', async () => {
    const project = { code: 'NW-1', name: 'Northwind', clientRef: 'ACC-1', budgetHours: 100 };
    expect((await api.call('createProject', { body: project })).status).toBe(201);
    expect((await api.call('createProject', { body: project })).status).toBe(409);
    expect((await api.call('createProject', { body: { code: 'X', name: 'x', parentCode: 'NOPE' } })).status).toBe(422);
    expect((await api.call('createProject', { body: '{', invalid: true })).status).toBe(400);
    const batch = { projects: [{ code: 'NW-1-A', name: 'Discovery', parentCode: 'NW-1' }] };
    expect((await api.call('createProjects', { body: batch })).status).toBe(201);
    expect((await api.call('listProjects', { query: { parentCode: 'NW-1' } })).body.projects).toHaveLength(1);
    expect((await api.call('getProject', { params: { code: 'NW-1' } })).status).toBe(200);
    expect((await api.call('getProject', { params: { code: 'NOPE' } })).status).toBe(404);

    const assignment = { projectCode: 'NW-1', consultant: 'ada', role: 'lead' };
    expect((await api.call('createAssignment', { body: assignment })).status).toBe(201);
    expect((await api.call('listAssignments', { query: { projectCode: 'NW-1' } })).body.assignments).toHaveLength(1);

    const entry = { projectCode: 'NW-1', consultant: 'ada', role: 'lead', date: '2025-06-02', hours: 8 };
    const te = await api.call('createTimeEntry', { body: entry });
    expect(te.status).toBe(201);
    expect((await api.call('createTimeEntry', { body: { ...entry, hours: 25 }, invalid: true })).status).toBe(400);
    expect((await api.call('approveTimeEntry', { params: { id: te.body.id } })).status).toBe(200);
    expect((await api.call('approveTimeEntry', { params: { id: te.body.id } })).status).toBe(409);
    expect((await api.call('approveTimeEntry', { params: { id: 'TE-404' } })).status).toBe(404);
    expect((await api.call('listTimeEntries', { query: { status: 'approved' } })).body.timeEntries).toHaveLength(1);
    expect((await api.call('listTimeEntries', { query: { from: '2025-06-30', to: '2025-06-01' } })).status).toBe(422);
    expect((await api.call('listTimeEntries', { query: { from: 'June' }, invalid: true })).status).toBe(400);
    expect((await api.call('listTimeEntryChanges', { query: { limit: '10' } })).body.timeEntries).toHaveLength(1);
    expect((await api.call('listTimeEntryChanges', { query: { since: 'yesterday' }, invalid: true })).status).toBe(400);

    const ms = await api.call('createMilestone', { body: { projectCode: 'NW-1', code: 'M1', title: 'Kick-off' } });
    expect(ms.status).toBe(201);
    expect((await api.call('acceptMilestone', { params: { id: ms.body.id } })).status).toBe(200);
    expect((await api.call('acceptMilestone', { params: { id: ms.body.id } })).status).toBe(409);
    expect((await api.call('acceptMilestone', { params: { id: 'MS-404' } })).status).toBe(404);
    expect((await api.call('listMilestones', {})).body.milestones).toHaveLength(1);

    expect([...api.called].sort()).toEqual(api.operationIds());
  });
});
