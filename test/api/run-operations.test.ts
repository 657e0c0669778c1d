import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import { ManualClock } from '../../runtime/engine/clock.ts';
import { testWeft, deploy, start, finished, stepReaches } from '../support/weft.ts';
import { client } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';
import { HttpStub } from '../support/http-stub.ts';
import type { FlowPlan } from '../../runtime/engine/plan.ts';

let weft: Weft;
let call: ReturnType<typeof client>;
let stub: HttpStub;
let plan: FlowPlan;
const clock = new ManualClock();

beforeAll(async () => {
  stub = await HttpStub.start();
  stub.respond('/orders', { status: 201, body: { ok: true } });
  stub.respond('/missing', { status: 404, body: { error: { message: 'no such endpoint' } } });
  stub.respond('/down', { status: 503 });
  // A lease longer than the clock is moved here: the worker is not taken for frozen.
  weft = await testWeft({ clock, config: { leaseMs: 24 * 3_600_000 } });
  call = client(weft);
  // The input names the path it is sent to, so an edited input can fix a failing run.
  plan = await deploy(
    weft,
    flow(
      'orders',
      { in: n.manual(), send: { ...n.http(`="${stub.url}/" & path`), name: 'Send order' }, done: n.map('$') },
      ['in>send', 'send>done'],
    ),
  );
});
afterAll(async () => {
  await weft.close(100);
  await stub.close();
});

async function run(body: Record<string, unknown>) {
  const { runId } = await start(weft, plan, body);
  await finished(weft, runId);
  return runId;
}

describe('API: the failed-runs queue and what operators do with it', () => {
  it('groups failed runs by flow, node and error, and retries one with a patched input, recording the edit', async () => {
    const a = await run({ path: 'missing', n: 1 });
    const b = await run({ path: 'missing', n: 2 });
    const summary = await call('GET', '/api/runs/failed/summary?flowId=orders');
    expect(summary.status).toBe(200);
    expect(summary.body.groups).toEqual([
      expect.objectContaining({
        flowId: 'orders',
        nodeId: 'send',
        nodeName: 'Send order',
        errorCode: 'http_client_error',
        count: 2,
        message: expect.stringMatching(/answered 404: no such endpoint/),
      }),
    ]);

    const firstKey = stub.calls('/missing').find((r) => JSON.parse(r.body).n === 1)!.idempotencyKey;
    const retried = await call('POST', `/api/runs/${a}/retry`, { patch: { path: 'orders' }, note: 'wrong endpoint' });
    expect(retried.status).toBe(202);
    clock.advance(0); // the retry is due now; the manual clock fires due timers when told
    await finished(weft, a);
    const view = (await call('GET', `/api/runs/${a}`)).body;
    expect(view.status).toBe('succeeded');
    expect(view.steps.find((s: { nodeId: string }) => s.nodeId === 'send')).toMatchObject({
      status: 'succeeded',
      input: { path: 'orders', n: 1 },
    });
    expect(view.actions).toEqual([
      expect.objectContaining({
        action: 'retry',
        note: 'wrong endpoint',
        detail: { nodeId: 'send', input: { path: 'orders', n: 1 } },
      }),
    ]);
    const sent = stub.calls('/orders').find((r) => JSON.parse(r.body).n === 1)!;
    expect(sent.idempotencyKey).toBe(firstKey);
    // The other failed run is still failed, and now the only one in its group.
    expect((await call('GET', '/api/runs/failed/summary?flowId=orders')).body.groups[0].count).toBe(1);
    expect(await weft.store.runs.run(b)).toMatchObject({ id: b, status: 'failed' });
  });

  it('replays a finished run from its trigger event with the original idempotency keys, linked both ways', async () => {
    const original = await run({ path: 'orders', n: 7 });
    const res = await call('POST', `/api/runs/${original}/replay`, { note: 'ERP lost the order' });
    expect(res.status).toBe(202);
    const replay = res.body.runId as string;
    await finished(weft, replay);
    const calls = stub.calls('/orders').filter((r) => JSON.parse(r.body).n === 7);
    expect(calls).toHaveLength(2);
    expect(calls[1].idempotencyKey).toBe(calls[0].idempotencyKey);
    const view = (await call('GET', `/api/runs/${replay}`)).body;
    expect(view).toMatchObject({
      status: 'succeeded',
      replayOf: original,
      actions: [expect.objectContaining({ action: 'replayed_from', detail: { runId: original } })],
    });
    expect((await call('GET', `/api/runs/${original}`)).body.actions).toEqual([
      expect.objectContaining({ action: 'replay', note: 'ERP lost the order', detail: { runId: replay } }),
    ]);
  });

  it('discards a failed run only with a reason; it leaves the queue and cannot be retried', async () => {
    const id = await run({ path: 'missing', n: 3 });
    expect((await call('POST', `/api/runs/${id}/discard`, {})).status).toBe(400);
    expect((await call('POST', `/api/runs/${id}/discard`, { reason: '  ' })).status).toBe(400);
    expect((await call('POST', `/api/runs/${id}/discard`, { reason: 'duplicate order, handled by hand' })).status).toBe(
      200,
    );
    const view = (await call('GET', `/api/runs/${id}`)).body;
    expect(view).toMatchObject({
      status: 'discarded',
      actions: [expect.objectContaining({ action: 'discard', note: 'duplicate order, handled by hand' })],
    });
    expect((await call('POST', `/api/runs/${id}/retry`)).status).toBe(409);
    expect((await call('POST', `/api/runs/${id}/discard`, { reason: 'again' })).status).toBe(409);
    expect((await call('GET', '/api/runs?status=discarded')).body.runs.map((r: { id: string }) => r.id)).toContain(id);
  });

  it('cancels a run waiting for retries: no further attempt is made', async () => {
    const { runId } = await start(weft, plan, { path: 'down', n: 4 });
    await stepReaches(weft, runId, 'send', (s) => s.status === 'retrying', 'waiting for a retry');
    expect((await call('POST', `/api/runs/${runId}/cancel`, { reason: 'customer withdrew the order' })).status).toBe(
      200,
    );
    // The cancelled run has left the engine: its waiting retry cannot start, however long the clock runs.
    const before = stub.calls('/down').length;
    expect(weft.engine.isActive(runId)).toBe(false);
    clock.advance(600_000);
    expect(weft.engine.stepsInFlight(runId)).toEqual([]);
    expect(stub.calls('/down').length).toBe(before);
    const view = (await call('GET', `/api/runs/${runId}`)).body;
    expect(view.status).toBe('cancelled');
    expect(view.steps.find((s: { nodeId: string }) => s.nodeId === 'send')).toMatchObject({
      status: 'failed',
      error: { code: 'cancelled', message: 'cancelled by an operator: customer withdrew the order' },
    });
    expect((await call('POST', `/api/runs/${runId}/cancel`, { reason: 'twice' })).status).toBe(409);
  });

  it('retries in bulk by filter with a patch on each run’s own input, and reports what it could not do', async () => {
    const ids = [
      await run({ path: 'missing', n: 10 }),
      await run({ path: 'missing', n: 11 }),
      await run({ path: 'missing', n: 12 }),
    ];
    const res = await call('POST', '/api/runs/bulk', {
      action: 'retry',
      filter: { flowId: 'orders', nodeId: 'send', errorCode: 'http_client_error' },
      patch: { path: 'orders' },
      note: 'endpoint fixed',
    });
    expect(res.status).toBe(200);
    expect(res.body.failed).toEqual([]);
    expect(res.body.done).toEqual(expect.arrayContaining(ids));
    clock.advance(0);
    for (const id of res.body.done) await finished(weft, id);
    for (const [i, id] of ids.entries()) {
      expect((await call('GET', `/api/runs/${id}`)).body.status).toBe('succeeded');
      expect(stub.calls('/orders').filter((r) => JSON.parse(r.body).n === 10 + i)).toHaveLength(1);
    }
    expect((await call('GET', '/api/runs/failed/summary?flowId=orders')).body.groups).toEqual([]);

    const refused = await call('POST', '/api/runs/bulk', {
      action: 'discard',
      ids: [ids[0], 'run_missing'],
      reason: 'tidy up',
    });
    expect(refused.body).toMatchObject({
      matched: 2,
      done: [],
      failed: [
        expect.objectContaining({ runId: ids[0], error: expect.stringMatching(/succeeded; only failed/) }),
        expect.objectContaining({ runId: 'run_missing' }),
      ],
    });
  });

  it('answers malformed requests with 400 and unknown runs with 404', async () => {
    expect((await call('POST', '/api/runs/bulk', { action: 'retry', ids: ['a'], filter: {} })).status).toBe(400);
    expect((await call('POST', '/api/runs/bulk', { action: 'discard', ids: ['a'] })).status).toBe(400);
    expect((await call('POST', '/api/runs/bulk', { action: 'replay', ids: ['a'], patch: {} })).status).toBe(400);
    expect((await call('POST', '/api/runs/bulk', { action: 'explode', ids: ['a'] })).status).toBe(400);
    const bad = await call('POST', '/api/runs/x/retry', '{"patch": ');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/JSON/);
    expect((await call('POST', '/api/runs/x/retry', { input: 1, patch: {} })).status).toBe(400);
    expect((await call('POST', '/api/runs/run_nope/replay')).status).toBe(404);
    expect((await call('POST', '/api/runs/run_nope/cancel', { reason: 'x' })).status).toBe(404);
    expect((await call('GET', '/api/runs/failed/summary?bogus=1')).status).toBe(400);
  });
});
