import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import type { NewRun, RunRow } from '../../runtime/store/run-store.ts';
import { ManualClock } from '../../runtime/engine/clock.ts';
import { testWeft, deploy, finished } from '../support/weft.ts';
import { client } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';

let weft: Weft;
let call: ReturnType<typeof client>;
const clock = new ManualClock();
const ids: Record<string, string> = {};

beforeAll(async () => {
  weft = await testWeft({ clock });
  call = client(weft);
  const plan = await deploy(weft, flow('orders', { in: n.manual(), m: n.map('$') }, ['in>m']));
  const runs: [string, unknown, { dedupeKey?: string; correlationId?: string; rawBody?: boolean }][] = [
    ['globex', { customer: 'Globex Corporation', note: 'Rush order' }, {}],
    ['initech', { customer: 'Initech' }, { rawBody: true }],
    ['keyed', { customer: 'Hooli' }, { dedupeKey: 'OPP-2026-0042', correlationId: 'corr-7f3a' }],
    ['percent', { discount: '50% off' }, {}],
    ['fifty', { discount: '500 units' }, {}],
    ['underscore', { code: 'a_b' }, {}],
    ['axb', { code: 'axb' }, {}],
    ['path', { file: 'C:\\temp\\report.csv' }, {}],
  ];
  for (const [name, body, o] of runs) {
    const { runId } = await weft.engine.startRun({
      plan,
      triggerNodeId: 'in',
      event: { body },
      dedupeKey: o.dedupeKey,
      correlationId: o.correlationId,
      rawBody: o.rawBody ? Buffer.from(JSON.stringify(body)) : undefined,
    });
    await finished(weft, runId);
    ids[name] = runId;
    clock.advance(1000);
  }
});
afterAll(() => weft.close(100));

async function search(q: string, extra = ''): Promise<string[]> {
  const res = await call('GET', `/api/runs?q=${encodeURIComponent(q)}${extra}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
  return res.body.runs.map((r: { id: string }) => byId[r.id] ?? r.id);
}

describe('API: searching runs with q', () => {
  it('finds text in the trigger payload, ignoring case', async () => {
    expect(await search('globex')).toEqual(['globex']);
    expect(await search('RUSH ORDER')).toEqual(['globex']);
    expect(await search('"customer":"Globex')).toEqual(['globex']);
  });

  it('finds text in a body kept as received bytes', async () => {
    expect(await search('initech')).toEqual(['initech']);
  });

  it('finds the dedupe key and the correlation id', async () => {
    expect(await search('opp-2026-0042')).toEqual(['keyed']);
    expect(await search('2026-00')).toEqual(['keyed']);
    expect(await search('CORR-7F3A')).toEqual(['keyed']);
  });

  it('treats LIKE wildcards and backslashes literally', async () => {
    expect(await search('50%')).toEqual(['percent']);
    expect(await search('%')).toEqual(['percent']);
    expect(await search('a_b')).toEqual(['underscore']);
    expect(await search('_')).toEqual(['underscore']);
    expect(await search('C:\\temp\\report')).toEqual(['path']);
    expect(await search('\\')).toEqual(['path']);
  });

  it('combines with the other filters and pages', async () => {
    expect(await search('customer', '&flowId=orders')).toEqual(['keyed', 'initech', 'globex']);
    expect(await search('customer', '&flowId=other')).toEqual([]);
    expect(await search('customer', '&limit=2')).toEqual(['keyed', 'initech']);
    expect(await search('no such text anywhere')).toEqual([]);
  });

  it('ignores a blank q and refuses one longer than 200 characters', async () => {
    expect(await search('  ')).toHaveLength(Object.keys(ids).length);
    const res = await call('GET', `/api/runs?q=${'x'.repeat(201)}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
  });
});

describe('API: run list totals', () => {
  const T0 = Date.UTC(2025, 5, 1);
  const run = (id: string, status: RunRow['status'], finishedAt: number | null): NewRun => ({
    id,
    flowId: 'orders',
    version: 1,
    mode: 'live',
    status,
    triggerNode: 'in',
    trigger: '{"body":{"case":"totals"}}',
    triggerBody: null,
    definition: null,
    correlationId: null,
    dedupeKey: null,
    error: null,
    response: null,
    createdAt: T0,
    updatedAt: T0,
    finishedAt,
  });
  const step = (runId: string, nodeId: string, attempts: number) => ({
    runId,
    nodeId,
    status: 'succeeded' as const,
    port: 'out',
    attempts,
    input: null,
    output: 'null',
    error: null,
    attemptErrors: null,
    startedAt: T0,
    finishedAt: T0,
    nextAttemptAt: null,
  });

  beforeAll(async () => {
    await weft.store.write(async (tx) => {
      await tx.runs.insertRun(run('run_0000totals_done', 'succeeded', T0 + 1234));
      await tx.runs.upsertStep(step('run_0000totals_done', 'in', 1));
      await tx.runs.upsertStep(step('run_0000totals_done', 'm', 3));
      await tx.runs.insertRun(run('run_0000totals_open', 'running', null));
      await tx.runs.upsertStep(step('run_0000totals_open', 'in', 1));
      await tx.runs.insertRun(run('run_0000totals_none', 'running', null));
    });
  });

  it('sums the attempts of every step and gives the duration (null while running)', async () => {
    const res = await call('GET', '/api/runs?q=totals');
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.runs.map((r: { id: string }) => [r.id, r]));
    expect(byId.run_0000totals_done).toMatchObject({ status: 'succeeded', attempts: 4, durationMs: 1234 });
    expect(byId.run_0000totals_open).toMatchObject({ status: 'running', attempts: 1, durationMs: null });
    expect(byId.run_0000totals_none).toMatchObject({ attempts: 0, durationMs: null });
  });

  it('gives engine runs one attempt per step', async () => {
    const res = await call('GET', `/api/runs?q=globex`);
    expect(res.body.runs[0]).toMatchObject({ id: ids.globex, attempts: 2, durationMs: 0 });
    expect(res.body.runs[0]).not.toHaveProperty('trigger');
  });
});
