import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Weft } from '../weft.ts';
import { ManualClock } from './clock.ts';
import { testWeft, deploy, start, viewOf } from '../../test/support/weft.ts';
import { flow, n } from '../../test/support/flows.ts';
import { HttpStub } from '../../test/support/http-stub.ts';
import { until } from '../../test/support/poll.ts';

let weft: Weft;
let stub: HttpStub;
const clock = new ManualClock();

beforeAll(async () => {
  stub = await HttpStub.start();
  stub.respond('/projects', { status: 201, body: { projectNo: 'P-1' } });
  stub.respond('/accounts', { status: 201, body: { accountId: 'BA-1' } });
  stub.respond('/billing', { status: 422, body: { error: { message: 'currency mismatch' } } });
  stub.respond('/projects/P-1', { status: 204 });
  stub.respond('/accounts/BA-1', { status: 204 });
  weft = await testWeft({ clock });
});
afterAll(async () => {
  await weft.close(100);
  await stub.close();
});

/** ERP project → billing account → billing schedule (which fails); the first two declare how to undo themselves. */
const saga = (id: string) => ({
  ...flow(
    id,
    {
      in: n.manual(),
      project: n.http(`${stub.url}/projects`, { compensate: { url: `="${stub.url}/projects/" & projectNo` } }),
      account: n.http(`${stub.url}/accounts`, {
        compensate: { method: 'DELETE', url: `="${stub.url}/accounts/" & accountId` },
      }),
      schedule: n.http(`${stub.url}/billing`),
    },
    ['in>project', 'project>account', 'account>schedule'],
  ),
  settings: { onFailure: 'compensate' as const },
});

const settle = (runId: string) =>
  until(
    async () => (
      clock.advance(1000), !['running', 'compensating'].includes((await weft.store.runs.run(runId))!.status)
    ),
    `run ${runId} to settle`,
  );

describe('compensation (saga)', () => {
  it('undoes the successful calls in reverse order when the run fails, and the run ends compensated', async () => {
    const plan = await deploy(weft, saga('saga-1'));
    const { runId } = await start(weft, plan, { deal: 'D-1' });
    await settle(runId);
    const row = (await weft.store.runs.run(runId))!;
    expect(row.status).toBe('compensated');
    expect(JSON.parse(row.error!)).toMatchObject({ code: 'http_client_error', nodeId: 'schedule' });
    const deletes = stub.requests.filter((r) => r.method === 'DELETE');
    expect(deletes.map((r) => r.path)).toEqual(['/accounts/BA-1', '/projects/P-1']);
    expect(deletes.map((r) => r.idempotencyKey)).toEqual([
      `${runId}:account~compensate`,
      `${runId}:project~compensate`,
    ]);
    const steps = (await viewOf(weft, runId)).steps!;
    expect(steps.filter((s) => s.nodeId.endsWith('~compensate')).map((s) => [s.nodeId, s.status])).toEqual([
      ['account~compensate', 'succeeded'],
      ['project~compensate', 'succeeded'],
    ]);
  });

  it('retries a compensating call, and reports compensation_failed when one cannot be undone', async () => {
    stub.failTimes('/accounts/BA-1', 2, { status: 503 });
    const plan = await deploy(weft, saga('saga-2'));
    const ok = await start(weft, plan, { deal: 'D-2' });
    await settle(ok.runId);
    expect((await weft.store.runs.run(ok.runId))!.status).toBe('compensated');
    expect((await viewOf(weft, ok.runId)).steps!.find((s) => s.nodeId === 'account~compensate')).toMatchObject({
      status: 'succeeded',
      attempts: 3,
    });

    stub.respond('/accounts/BA-1', { status: 409, body: { error: { message: 'account has invoices' } } });
    const bad = await start(weft, plan, { deal: 'D-3' });
    await settle(bad.runId);
    const row = (await weft.store.runs.run(bad.runId))!;
    expect(row.status).toBe('failed');
    expect(JSON.parse(row.error!)).toMatchObject({
      code: 'compensation_failed',
      message: expect.stringMatching(/compensating call of "account" failed: .*409: account has invoices/),
      details: { runError: { nodeId: 'schedule' } },
    });
    expect(
      stub.requests.filter(
        (r) => r.method === 'DELETE' && r.path === '/projects/P-1' && r.idempotencyKey?.startsWith(bad.runId),
      ),
    ).toHaveLength(0);
  });

  it('a flow without onFailure "compensate" just fails', async () => {
    const def = saga('saga-3');
    const plan = await deploy(weft, { ...def, settings: {} });
    const before = stub.requests.filter((r) => r.method === 'DELETE').length;
    const { runId } = await start(weft, plan, { deal: 'D-4' });
    await settle(runId);
    expect((await weft.store.runs.run(runId))!.status).toBe('failed');
    expect(stub.requests.filter((r) => r.method === 'DELETE').length).toBe(before);
  });
});
