import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpStub } from '../../../test/support/http-stub.ts';
import { createSampleSystems, type SampleSystems } from '../index.ts';
import { call } from '../testing.ts';

describe('PSA', () => {
  let weft: HttpStub;
  let sys: SampleSystems;
  beforeEach(async () => {
    weft = await HttpStub.start();
    sys = createSampleSystems({ weftUrl: weft.url });
  });
  afterEach(async () => weft.close());

  it('creates projects with unique codes (409) and sub-projects under a known parent', async () => {
    const top = {
      code: 'NW-2025',
      name: 'Northwind advisory',
      clientRef: 'ACC-1001',
      serviceLine: 'Advisory',
      region: 'EMEA',
      budgetHours: 600,
    };
    const p = await call(sys.app, 'POST', '/psa/v1/projects', top);
    expect(p.body).toMatchObject({ projectId: 'PSA-1', parentCode: null, status: 'planned', ...top });
    const dup = await call(sys.app, 'POST', '/psa/v1/projects', top);
    expect(dup.status).toBe(409);
    expect(dup.body.error.details.project.projectId).toBe('PSA-1');
    expect(
      (await call(sys.app, 'POST', '/psa/v1/projects', { code: 'NW-2025-A', name: 'Discovery', parentCode: 'NW-2025' }))
        .status,
    ).toBe(201);
    expect(
      (await call(sys.app, 'POST', '/psa/v1/projects', { code: 'X-A', name: 'x', parentCode: 'NOPE' })).status,
    ).toBe(422);
    expect((await call(sys.app, 'GET', '/psa/v1/projects?parentCode=NW-2025')).body.projects).toHaveLength(1);
    expect((await call(sys.app, 'GET', '/psa/v1/projects/NW-2025-A')).body.name).toBe('Discovery');
    expect((await call(sys.app, 'GET', '/psa/v1/projects/NOPE')).status).toBe(404);
  });

  it('approving a time entry emits time.approved once', async () => {
    const te = await call(sys.app, 'POST', '/psa/v1/time-entries', {
      projectCode: 'NW-2025-A',
      consultant: 'ana',
      role: 'Consultant',
      date: '2025-06-02',
      hours: 7.5,
    });
    expect(te.body).toMatchObject({ id: 'TE-1', status: 'submitted', billable: true, notes: '' });
    const ok = await call(sys.app, 'POST', '/psa/v1/time-entries/TE-1/approve');
    expect(ok.body.status).toBe('approved');
    expect((await call(sys.app, 'POST', '/psa/v1/time-entries/TE-1/approve')).status).toBe(409);
    const [hook] = await weft.waitForCalls('/hooks/psa/time-approved', 1);
    const body = JSON.parse(hook.body);
    expect(body).toMatchObject({ event: 'time.approved', timeEntry: { id: 'TE-1', hours: 7.5, status: 'approved' } });
    expect(hook.idempotencyKey).toBe(body.eventId);
    expect(
      (
        await call(sys.app, 'POST', '/psa/v1/time-entries', {
          projectCode: 'P',
          consultant: 'a',
          role: 'r',
          date: '2025-06-02',
          hours: 30,
        })
      ).body.error.fields[0].field,
    ).toBe('hours');
  });

  it('lists the time entries of a period by status', async () => {
    const entry = (date: string) => ({ projectCode: 'P', consultant: 'ana', role: 'Consultant', date, hours: 1 });
    for (const date of ['2025-05-31', '2025-06-01', '2025-06-30', '2025-07-01'])
      await call(sys.app, 'POST', '/psa/v1/time-entries', entry(date));
    await call(sys.app, 'POST', '/psa/v1/time-entries/TE-2/approve');
    const june = await call(sys.app, 'GET', '/psa/v1/time-entries?from=2025-06-01&to=2025-06-30');
    expect(june.body.timeEntries.map((t: { date: string }) => t.date)).toEqual(['2025-06-01', '2025-06-30']);
    const approved = await call(sys.app, 'GET', '/psa/v1/time-entries?status=approved&from=2025-06-01&to=2025-06-30');
    expect(approved.body.timeEntries.map((t: { id: string }) => t.id)).toEqual(['TE-2']);
    expect((await call(sys.app, 'GET', '/psa/v1/time-entries?from=2025-06-01')).body.timeEntries).toHaveLength(3);
    const backwards = await call(sys.app, 'GET', '/psa/v1/time-entries?from=2025-06-30&to=2025-06-01');
    expect(backwards.status).toBe(422);
    expect(backwards.body.error.fields).toEqual([
      { field: 'to', message: 'the period ends (2025-06-01) before it starts (2025-06-30)' },
    ]);
    expect((await call(sys.app, 'GET', '/psa/v1/time-entries?from=June')).body.error.fields[0].field).toBe('from');
  });

  it('accepting a milestone emits milestone.accepted', async () => {
    await call(sys.app, 'POST', '/psa/v1/milestones', { projectCode: 'CT-2025', code: 'M1', title: 'Blueprint' });
    const m = await call(sys.app, 'POST', '/psa/v1/milestones/MS-1/accept');
    expect(m.body).toMatchObject({ id: 'MS-1', status: 'accepted', acceptedAt: expect.any(String) });
    const [hook] = await weft.waitForCalls('/hooks/psa/milestone-accepted', 1);
    expect(JSON.parse(hook.body)).toMatchObject({
      event: 'milestone.accepted',
      milestone: { code: 'M1', status: 'accepted' },
    });
    expect((await call(sys.app, 'POST', '/psa/v1/milestones/MS-9/accept')).status).toBe(404);
  });

  it('lists assignments by project', async () => {
    await call(sys.app, 'POST', '/psa/v1/assignments', { projectCode: 'NW-2025', consultant: 'ana', role: 'Partner' });
    expect((await call(sys.app, 'GET', '/psa/v1/assignments?projectCode=NW-2025')).body.assignments).toMatchObject([
      { id: 'AS-1', role: 'Partner' },
    ]);
  });
});
