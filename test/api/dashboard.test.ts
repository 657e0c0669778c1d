import { describe, expect, it } from 'vitest';
import { apiPerTest, type ApiResponse } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';
import { finished } from '../support/weft.ts';
import { eventually } from '../support/poll.ts';

/** The dashboard's numbers are those of the runs table, and analysts see only the flows they created. */
const api = apiPerTest();
const none = { authorization: '' };

async function signIn(email: string, password: string): Promise<Record<string, string>> {
  const res: ApiResponse = await api.call('POST', '/api/auth/login', { email, password }, none);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const cookie = /weft_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1];
  return { ...none, cookie: `weft_session=${cookie}`, 'x-csrf-token': res.body.csrfToken };
}

const def = (id: string, failing: boolean, settings: Record<string, unknown>) => ({
  ...flow(id, { in: n.manual(), out: failing ? n.fail('declined') : n.map('$') }, ['in>out']),
  settings,
});

/** Creates, publishes and activates `id` as `headers`, then runs it `times` times to the end. */
async function flowWithRuns(id: string, failing: boolean, times: number, settings = {}, headers = {}) {
  const { call, weft } = api;
  expect((await call('POST', '/api/flows', def(id, failing, settings), headers)).status).toBe(201);
  expect((await call('POST', `/api/flows/${id}/publish`, {})).status).toBe(201);
  expect((await call('POST', `/api/flows/${id}/activate`, { version: 1 })).status).toBe(200);
  const plan = await weft.engine.planFor(id, 1);
  for (let i = 0; i < times; i++) {
    const { runId } = await weft.engine.startRun({ plan, triggerNodeId: 'in', event: { body: { i } } });
    await finished(weft, runId);
  }
}

async function runsOf(flowId: string) {
  const res = await api.call('GET', `/api/runs?flowId=${flowId}&limit=500`);
  expect(res.status).toBe(200);
  return res.body.runs as { id: string; status: string; durationMs: number | null; error?: { code: string } | null }[];
}

describe('GET /api/dashboard', () => {
  it('counts the runs of each flow by end, grouped by business process and criticality, as the runs list has them', async () => {
    const { call } = api;
    const billing = { businessProcess: 'Quote-to-cash', criticality: 'critical', sla: { maxDurationMs: 1 } };
    await flowWithRuns('invoices', false, 5, billing);
    await flowWithRuns('dunning', true, 3, billing);
    await flowWithRuns('reports', false, 2);

    const res = await call('GET', '/api/dashboard?range=1h');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const groups = res.body.groups as { businessProcess: string | null; criticality: string; flows: any[] }[];
    expect(groups.map((g) => [g.businessProcess, g.criticality])).toEqual([
      ['Quote-to-cash', 'critical'],
      [null, 'normal'],
    ]);
    for (const g of groups)
      for (const f of g.flows) {
        const runs = await runsOf(f.flowId);
        expect(f.counts.succeeded).toBe(runs.filter((r) => r.status === 'succeeded').length);
        expect(f.counts.failed).toBe(runs.filter((r) => r.status === 'failed').length);
        expect(f.counts.failedQueue).toBe(runs.filter((r) => r.status === 'failed').length);
        // maxDurationMs 1: every run of 2 ms or more breaches it, to the bucket exactly.
        const max = f.maxDurationMs as number | null;
        expect(f.counts.slaBreaches).toBe(max === null ? 0 : runs.filter((r) => (r.durationMs ?? 0) > max).length);
      }
    expect(res.body.counts).toMatchObject({ succeeded: 7, failed: 3, failedQueue: 3, backlog: 0 });
    expect(groups[0].flows.map((f) => f.flowId)).toEqual(['dunning', 'invoices']);

    const one = await call('GET', '/api/dashboard/flows/dunning?range=24h');
    expect(one.status, JSON.stringify(one.body)).toBe(200);
    expect(one.body.successRate).toBe(0);
    expect(one.body.series.length).toBe(120);
    expect(one.body.series.reduce((s: number, p: { failed: number }) => s + p.failed, 0)).toBe(3);
    expect(one.body.failures).toEqual([
      { errorCode: (await runsOf('dunning'))[0].error?.code, nodeId: 'out', count: 3 },
    ]);
    expect(one.body.p50Ms).not.toBeNull();

    // A failed run retried by an operator counts once, when it ends again.
    const [first] = await runsOf('dunning');
    const before = (await call('GET', `/api/runs/${first.id}`)).body;
    expect((await call('POST', `/api/runs/${before.id}/retry`)).status).toBe(202);
    await eventually(async () => {
      const r = (await call('GET', `/api/runs/${before.id}`)).body;
      return r.status === 'failed' && r.finishedAt !== before.finishedAt;
    }, 'the retried run to fail again');
    const again = await call('GET', '/api/dashboard/flows/dunning?range=24h');
    expect(again.body.flow.counts.failed).toBe((await runsOf('dunning')).length);
    expect(again.body.failures.map((f: { count: number }) => f.count)).toEqual([3]);
  });

  it('shows analysts only the flows they created, and refuses them the page of another flow', async () => {
    const { call, weft } = api;
    await weft.identity.createUser({ email: 'ana@firm.test', role: 'analyst', password: 'analyst password' });
    const ana = await signIn('ana@firm.test', 'analyst password');
    await flowWithRuns('mine', false, 2, {}, ana);
    await flowWithRuns('theirs', true, 1);

    const flowsOf = (body: { groups: { flows: { flowId: string }[] }[] }) =>
      body.groups.flatMap((g) => g.flows.map((f) => f.flowId));
    const asAna = await call('GET', '/api/dashboard', undefined, ana);
    expect(asAna.status).toBe(200);
    expect(flowsOf(asAna.body)).toEqual(['mine']);
    expect(asAna.body.counts).toMatchObject({ succeeded: 2, failed: 0 });
    expect(flowsOf((await call('GET', '/api/dashboard')).body)).toEqual(['mine', 'theirs']);

    expect((await call('GET', '/api/dashboard/flows/mine', undefined, ana)).status).toBe(200);
    expect((await call('GET', '/api/dashboard/flows/theirs', undefined, ana)).status).toBe(403);
    expect((await call('GET', '/api/dashboard', undefined, none)).status).toBe(401);
  });

  it('counts a run with a loop once: its body runs, one per item, are part of it', async () => {
    const { call, weft } = api;
    const looped = flow(
      'per-line',
      {
        in: n.manual(),
        loop: { type: 'control.loop', config: { items: '=lines', onItemFailure: 'continue' } },
        check: n.fail('declined'),
        done: n.map('$count(failed)'),
      },
      ['in>loop', 'loop>done'],
    );
    looped.nodes.find((x) => x.id === 'check')!.parentId = 'loop';
    expect((await call('POST', '/api/flows', looped)).status).toBe(201);
    expect((await call('POST', '/api/flows/per-line/publish', {})).status).toBe(201);
    expect((await call('POST', '/api/flows/per-line/activate', { version: 1 })).status).toBe(200);
    const plan = await weft.engine.planFor('per-line', 1);
    const { runId } = await weft.engine.startRun({ plan, triggerNodeId: 'in', event: { body: { lines: [1, 2, 3] } } });
    const run = await finished(weft, runId);
    expect(run.status).toBe('succeeded');
    expect(await weft.store.runs.childRuns(runId, 'loop')).toHaveLength(3);

    const res = await call('GET', '/api/dashboard/flows/per-line?range=1h');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.flow.counts).toMatchObject({ succeeded: 1, failed: 0, failedQueue: 0 });
    expect(res.body.failures).toEqual([]);
    expect((await runsOf('per-line')).map((r) => r.id)).toEqual([runId]);
    const flows = (await call('GET', '/api/flows')).body.flows as { id: string; failuresLast24h: number }[];
    expect(flows.find((f) => f.id === 'per-line')?.failuresLast24h).toBe(0);
  });

  it('refuses a bad range with 400 and an unknown flow with 404', async () => {
    const { call } = api;
    expect((await call('GET', '/api/dashboard?range=2d')).status).toBe(400);
    expect((await call('GET', '/api/dashboard?range=custom&from=1000')).status).toBe(400);
    expect((await call('GET', '/api/dashboard?range=custom&from=2000&to=1000')).status).toBe(400);
    const custom = await call('GET', '/api/dashboard?range=custom&from=0&to=7200000');
    expect(custom.status).toBe(200);
    expect(custom.body).toMatchObject({ range: 'custom', from: 0, to: 7_200_000 });
    expect((await call('GET', '/api/dashboard/flows/nope')).status).toBe(404);
  });
});
