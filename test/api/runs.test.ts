import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import { ManualClock } from '../../runtime/engine/clock.ts';
import { testWeft, deploy, start, finished } from '../support/weft.ts';
import { client } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';

let weft: Weft;
let call: ReturnType<typeof client>;
const clock = new ManualClock();
const T = clock.now();
const ids: Record<string, string> = {};

/** alpha-1..3 succeed at T, T+1s, T+2s; beta-1..2 fail at T+3s, T+4s; one test run of alpha at T+5s. */
beforeAll(async () => {
  weft = await testWeft({ clock });
  call = client(weft);
  const alpha = await deploy(weft, flow('alpha', { in: n.manual(), m: n.map("{ 'n': n }") }, ['in>m']));
  const beta = await deploy(
    weft,
    flow('beta', { in: n.manual(), m: n.map('n'), stop: n.fail('no ERP project for this customer') }, [
      'in>m',
      'm>stop',
    ]),
  );
  for (const [name, plan] of [
    ['alpha-1', alpha],
    ['alpha-2', alpha],
    ['alpha-3', alpha],
    ['beta-1', beta],
    ['beta-2', beta],
  ] as const) {
    const { runId } = await start(weft, plan, { n: name });
    await finished(weft, runId);
    ids[name] = runId;
    clock.advance(1000);
  }
  const test = await call('POST', '/api/flows/alpha/test', { input: { n: 'test' } });
  ids.test = test.body.id;
});
afterAll(() => weft.close(100));

async function list(query: string): Promise<{ names: string[]; next: string | null; runs: Record<string, unknown>[] }> {
  const res = await call('GET', `/api/runs${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
  return { names: res.body.runs.map((r: { id: string }) => byId[r.id]), next: res.body.next, runs: res.body.runs };
}

describe('API: run history', () => {
  it('lists runs newest first, filtered by flow, status and mode', async () => {
    expect((await list('')).names).toEqual(['test', 'beta-2', 'beta-1', 'alpha-3', 'alpha-2', 'alpha-1']);
    expect((await list('?flowId=alpha')).names).toEqual(['test', 'alpha-3', 'alpha-2', 'alpha-1']);
    expect((await list('?flowId=alpha&mode=live')).names).toEqual(['alpha-3', 'alpha-2', 'alpha-1']);
    expect((await list('?mode=test')).names).toEqual(['test']);
    expect((await list('?status=failed')).names).toEqual(['beta-2', 'beta-1']);
    expect((await list('?flowId=alpha&status=failed')).names).toEqual([]);
    expect((await list('?flowId=nobody')).names).toEqual([]);

    const { runs } = await list('?status=failed&limit=1');
    expect(runs[0]).toMatchObject({
      flowId: 'beta',
      version: 1,
      status: 'failed',
      error: { code: 'flow_failed', nodeId: 'stop' },
    });
    expect(runs[0]).not.toHaveProperty('trigger');
  });

  it('filters by a time range (from inclusive, to exclusive; ms or ISO 8601)', async () => {
    expect((await list(`?from=${T + 1000}&to=${T + 3000}`)).names).toEqual(['alpha-3', 'alpha-2']);
    expect((await list(`?to=${T + 1000}`)).names).toEqual(['alpha-1']);
    const iso = (ms: number) => encodeURIComponent(new Date(ms).toISOString());
    expect((await list(`?from=${iso(T + 3000)}&to=${iso(T + 5000)}`)).names).toEqual(['beta-2', 'beta-1']);
  });

  it('pages with limit and before', async () => {
    const p1 = await list('?limit=2');
    expect(p1.names).toEqual(['test', 'beta-2']);
    expect(p1.next).toBe(ids['beta-2']);
    const p2 = await list(`?limit=2&before=${p1.next}`);
    expect(p2.names).toEqual(['beta-1', 'alpha-3']);
    const p3 = await list(`?limit=2&before=${p2.next}`);
    expect(p3.names).toEqual(['alpha-2', 'alpha-1']);
    const p4 = await list(`?limit=2&before=${p3.next}`);
    expect(p4).toMatchObject({ names: [], next: null });
  });

  it('refuses bad filters with 400', async () => {
    for (const q of ['?status=weird', '?limit=0', '?limit=501', '?from=yesterday', '?mode=replay']) {
      const res = await call('GET', `/api/runs${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code, q).toBe('bad_request');
    }
  });

  it('shows one run with every step', async () => {
    const res = await call('GET', `/api/runs/${ids['beta-1']}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: ids['beta-1'],
      flowId: 'beta',
      status: 'failed',
      trigger: { body: { n: 'beta-1' } },
      createdAt: T + 3000,
    });
    expect(res.body.steps.map((s: { nodeId: string }) => s.nodeId)).toEqual(['in', 'm', 'stop']);
    expect(res.body.steps[2]).toMatchObject({
      status: 'failed',
      attempts: 1,
      input: 'beta-1',
      output: null,
      error: { code: 'flow_failed', message: 'no ERP project for this customer' },
      idempotencyKey: `${ids['beta-1']}:stop`,
    });
    const missing = await call('GET', '/api/runs/run_nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });
});

describe('API: retrying a run', () => {
  it('refuses a succeeded run, a test run and an unknown run', async () => {
    const ok = await call('POST', `/api/runs/${ids['alpha-1']}/retry`);
    expect(ok.status).toBe(409);
    expect(ok.body.error.code).toBe('conflict');
    expect((await call('POST', `/api/runs/${ids.test}/retry`)).status).toBe(409);
    expect((await call('POST', '/api/runs/run_nope/retry')).status).toBe(404);
  });

  it('puts a failed run back to running from its failed step', async () => {
    const before = (await call('GET', `/api/runs/${ids['beta-2']}`)).body;
    const res = await call('POST', `/api/runs/${ids['beta-2']}/retry`);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ runId: ids['beta-2'], status: 'running' });
    expect((await call('GET', `/api/runs/${ids['beta-2']}`)).body.status).toBe('running');
    clock.advance(0);
    const row = await finished(weft, ids['beta-2']);
    // control.fail fails again; the steps before it keep their first execution.
    expect(row.status).toBe('failed');
    const after = (await call('GET', `/api/runs/${ids['beta-2']}`)).body;
    expect(after.steps[1].startedAt).toBe(before.steps[1].startedAt);
    expect(after.steps[2]).toMatchObject({ status: 'failed', attempts: 1 });
  });
});
