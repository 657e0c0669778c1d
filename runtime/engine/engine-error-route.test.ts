import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Weft } from '../weft.ts';
import { ManualClock } from './clock.ts';
import { testWeft, deploy, start, finished, stepRows, stepReaches, viewOf } from '../../test/support/weft.ts';
import { flow, n } from '../../test/support/flows.ts';
import { HttpStub } from '../../test/support/http-stub.ts';
import { until } from '../../test/support/poll.ts';
import { validateFlow } from '../flows/validate-flow.ts';
import { findNode } from '../../nodes/registry.ts';

let weft: Weft;
let stub: HttpStub;
const clock = new ManualClock();

beforeAll(async () => {
  stub = await HttpStub.start();
  stub.respond('/gone', { status: 404, body: { error: { message: 'no such customer' } } });
  stub.respond('/ok', { status: 200, body: { id: 7 } });
  weft = await testWeft({ clock });
});
afterAll(async () => {
  await weft.close(100);
  await stub.close();
});

const routed = (path: string, extra: Record<string, unknown> = {}) =>
  flow(
    `route-${path}`,
    {
      in: n.manual(),
      send: {
        type: 'connector.http',
        config: { method: 'POST', url: `${stub.url}/${path}`, body: '=$', onError: 'route', ...extra },
      },
      ticket: n.map("{ 'ticket': 'ERP call failed: ' & error.message, 'customer': input.customer }"),
      done: n.map('$'),
    },
    ['in>send', 'send:error>ticket', 'send>done'],
  );

describe('error branches', () => {
  it('a node set to route its errors leaves by "error" with the error and its input, and the run goes on', async () => {
    const plan = await deploy(weft, routed('gone'));
    const { runId } = await start(weft, plan, { customer: 'C-9' });
    const row = await finished(weft, runId);
    expect(row.status).toBe('succeeded');
    const steps = await stepRows(weft, runId);
    expect(steps.send).toMatchObject({ status: 'succeeded', port: 'error', attempts: 1 });
    expect(steps.done).toBeUndefined();
    const view = await viewOf(weft, runId);
    expect(view.steps!.find((s) => s.nodeId === 'ticket')!.output).toEqual({
      ticket: expect.stringMatching(/^ERP call failed: POST .*\/gone answered 404: no such customer$/),
      customer: 'C-9',
    });
    expect(view.steps!.find((s) => s.nodeId === 'send')!.error?.code).toBe('http_client_error');
  });

  it('routes only after the last attempt, and a success still leaves by "out"', async () => {
    stub.failTimes('/flaky', 2, { status: 503 });
    stub.respond('/flaky', { status: 200, body: { fine: true } });
    const plan = await deploy(
      weft,
      routed('flaky', { retry: { maxAttempts: 2, initialDelayMs: 100, maxDelayMs: 100, jitter: 0 } }),
    );
    const { runId } = await start(weft, plan, { customer: 'C-1' });
    await stepReaches(weft, runId, 'send', (s) => s.status === 'retrying', 'the first retry');
    // The retry timer is armed once the failure is committed; keep the clock moving until the run is done.
    await until(
      async () => (clock.advance(100), (await weft.store.runs.run(runId))!.status !== 'running'),
      'the run to finish after its retry',
    );
    expect((await stepRows(weft, runId)).send).toMatchObject({ port: 'error', attempts: 2 });

    const ok = await start(weft, plan, { customer: 'C-2' });
    await finished(weft, ok.runId);
    expect((await stepRows(weft, ok.runId)).send).toMatchObject({ port: 'out', attempts: 1 });
    expect((await stepRows(weft, ok.runId)).ticket).toBeUndefined();
  });

  it('an edge from "error" is a problem unless the node routes its errors', () => {
    const def = routed('gone');
    expect(validateFlow(def, findNode)).toEqual([]);
    const plain = {
      ...def,
      nodes: def.nodes.map((x) => (x.id === 'send' ? { ...x, config: { ...x.config, onError: 'fail' } } : x)),
    };
    expect(validateFlow(plain, findNode)).toEqual([expect.objectContaining({ code: 'unknown_port', nodeId: 'send' })]);
  });
});
