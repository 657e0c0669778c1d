import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import { ManualClock } from '../../runtime/engine/clock.ts';
import { testWeft, deploy, start, finished, stepReaches } from '../support/weft.ts';
import { client } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';
import { HttpStub } from '../support/http-stub.ts';
import { until } from '../support/poll.ts';

let weft: Weft;
let call: ReturnType<typeof client>;
let stub: HttpStub;
const clock = new ManualClock();

beforeAll(async () => {
  stub = await HttpStub.start();
  stub.respond('/missing', { status: 404, body: { error: { message: 'no such endpoint' } } });
  stub.respond('/orders', { status: 201, body: { ok: true } });
  weft = await testWeft({ clock });
  call = client(weft);
});
afterAll(async () => {
  await weft.close(100);
  await stub.close();
});

describe('API: retrying a run whose parallel branches both failed', () => {
  it('applies an edited input to the step the run failed at, not to the branch that started first', async () => {
    // "slow" starts first and fails last; "quick" starts after a delay and fails first, so the run fails at "quick".
    const plan = await deploy(
      weft,
      flow(
        'branches',
        {
          in: n.manual(),
          slow: n.http(`${stub.url}/slow`),
          pause: { type: 'control.delay', config: { forMs: 1000 } },
          quick: n.http(`="${stub.url}/" & path`),
        },
        ['in>slow', 'in>pause', 'pause>quick'],
      ),
    );
    stub.failTimes('/slow', 1, 'hold');
    const { runId } = await start(weft, plan, { path: 'missing' });
    await until(() => stub.calls('/slow').length === 1, 'the slow branch to send its request');
    await stepReaches(weft, runId, 'pause', (s) => s.status === 'waiting', 'the delay to wait');
    clock.advance(1000);
    await stepReaches(weft, runId, 'quick', (s) => s.status === 'failed', 'the quick branch to fail');
    expect(stub.release('/slow', { status: 404, body: { error: { message: 'gone' } } })).toBe(1);
    await finished(weft, runId);

    const failed = (await call('GET', `/api/runs/${runId}`)).body;
    expect(failed).toMatchObject({ status: 'failed', error: { nodeId: 'quick' } });
    const startOf = (id: string) => failed.steps.find((s: { nodeId: string }) => s.nodeId === id).startedAt;
    expect(startOf('slow')).toBeLessThan(startOf('quick'));

    const retried = await call('POST', `/api/runs/${runId}/retry`, { input: { path: 'orders' }, note: 'fixed path' });
    expect(retried.status).toBe(202);
    clock.advance(0);
    await finished(weft, runId);
    const view = (await call('GET', `/api/runs/${runId}`)).body;
    expect(view.actions).toEqual([
      expect.objectContaining({ action: 'retry', detail: { nodeId: 'quick', input: { path: 'orders' } } }),
    ]);
    expect(view.status).toBe('succeeded');
    expect(view.steps.find((s: { nodeId: string }) => s.nodeId === 'quick')).toMatchObject({
      status: 'succeeded',
      input: { path: 'orders' },
    });
  });
});
