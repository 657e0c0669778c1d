import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import { testWeft, deploy, start, finished } from '../support/weft.ts';
import { client } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';
import { HttpStub } from '../support/http-stub.ts';
import type { FlowPlan } from '../../runtime/engine/plan.ts';

let weft: Weft;
let call: ReturnType<typeof client>;
let stub: HttpStub;
let plan: FlowPlan;

beforeAll(async () => {
  stub = await HttpStub.start();
  weft = await testWeft();
  call = client(weft);
  // Each item is posted to its own path, so the stub can refuse one item.
  const def = flow(
    'items',
    {
      in: n.manual(),
      loop: { type: 'control.loop', config: { items: '=$', onItemFailure: 'continue' } },
      post: n.http(`="${stub.url}/" & item`, { body: '={ "item": item }', retry: { maxAttempts: 1 } }),
      all: { type: 'control.aggregate', config: { dropEmpty: true } },
      count: n.map('$count($)'),
    },
    ['in>loop', 'loop>all', 'all>count'],
  );
  def.nodes.find((x) => x.id === 'post')!.parentId = 'loop';
  plan = await deploy(weft, def);
});

afterAll(async () => {
  await weft.close(100);
  await stub.close();
});

const keys = (path: string) => stub.calls(path).map((r) => r.idempotencyKey);

describe('POST /api/runs/{id}/steps/{node}/retry-failed-items', () => {
  it('shows the failed items on the run; a retry sends only those again, with their keys, and the steps after the loop run again', async () => {
    stub.failTimes('/e', 1, { status: 422, body: { error: 'customer unknown' } });
    const { runId } = await start(weft, plan, ['d', 'e', 'f']);
    expect((await finished(weft, runId)).status).toBe('succeeded');
    const before = (await call('GET', `/api/runs/${runId}`)).body;
    expect(before.loops).toEqual([
      {
        nodeId: 'loop',
        total: 3,
        done: 2,
        running: 0,
        failed: [
          { index: 1, runId: `${runId}.loop.1`, error: { code: 'http_client_error', message: expect.any(String) } },
        ],
      },
    ]);
    expect(before.steps.find((s: { nodeId: string }) => s.nodeId === 'count').output).toBe(2);
    expect((await call('GET', `/api/runs/${runId}.loop.1`)).body).toMatchObject({
      status: 'failed',
      parentRunId: runId,
    });

    // Body runs belong to their run: the history and the failed queue list the run, not its items.
    const listed = (await call('GET', '/api/runs?flowId=items')).body.runs.map((r: { id: string }) => r.id);
    expect(listed).toContain(runId);
    expect(listed.filter((id: string) => id.includes('.'))).toEqual([]);
    expect((await call('GET', '/api/runs/failed/summary?flowId=items')).body.groups).toEqual([]);

    // An item's run is retried with its loop, not on its own (the loop's output would not know of it).
    for (const action of ['retry', 'replay']) {
      const own = await call('POST', `/api/runs/${runId}.loop.1/${action}`, {});
      expect(own.status, JSON.stringify(own.body)).toBe(409);
      expect(own.body.error.message).toContain(`item 1 of loop "loop" in run ${runId}`);
      expect(own.body.error.message).toContain(`/api/runs/${runId}/steps/loop/retry-failed-items`);
    }
    expect((await call('GET', `/api/runs/${runId}.loop.1`)).body.status).toBe('failed');

    const res = await call('POST', `/api/runs/${runId}/steps/loop/retry-failed-items`, { note: 'customer created' });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ runId, status: 'running', items: 1 });
    expect((await finished(weft, runId)).status).toBe('succeeded');
    expect(keys('/d')).toEqual([`${runId}:post:0`]);
    expect(keys('/e')).toEqual([`${runId}:post:1`, `${runId}:post:1`]);
    expect(keys('/f')).toEqual([`${runId}:post:2`]);
    const after = (await call('GET', `/api/runs/${runId}`)).body;
    expect(after.loops[0]).toMatchObject({ total: 3, done: 3, failed: [] });
    expect(after.steps.find((s: { nodeId: string }) => s.nodeId === 'count').output).toBe(3);
    expect(after.actions).toEqual([
      expect.objectContaining({
        action: 'retry',
        note: 'customer created',
        detail: { nodeId: 'loop', failedItems: 1 },
      }),
    ]);
  });

  it('refuses a loop without failed items, a node that is no loop, and a run that does not exist', async () => {
    const { runId } = await start(weft, plan, ['g']);
    expect((await finished(weft, runId)).status).toBe('succeeded');
    const none = await call('POST', `/api/runs/${runId}/steps/loop/retry-failed-items`, {});
    expect(none.status).toBe(409);
    expect(none.body.error.message).toMatch(/has no failed items/);
    expect((await call('POST', `/api/runs/${runId}/steps/count/retry-failed-items`, {})).status).toBe(404);
    expect((await call('POST', `/api/runs/nope/steps/loop/retry-failed-items`, {})).status).toBe(404);
  });
});
