import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Weft } from '../weft.ts';
import { ManualClock } from './clock.ts';
import { testWeft, deploy, start, finished, stepRows, viewOf } from '../../test/support/weft.ts';
import { flow, n } from '../../test/support/flows.ts';
import { until } from '../../test/support/poll.ts';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function weftOn(dataDir: string, clock = new ManualClock()): Promise<Weft> {
  const w = await testWeft({ clock, config: { dataDir } });
  cleanup.push(() => w.close(100).catch(() => undefined));
  return w;
}

const child = flow('price', { in: n.manual(), calc: n.map("{ 'amount': hours * rate }") }, ['in>calc']);
const failing = flow('broken', { in: n.manual(), stop: n.fail('rate card missing') }, ['in>stop']);
const parent = (callee: string, extra: Record<string, unknown> = {}) =>
  flow(
    `calls-${callee}`,
    {
      in: n.manual(),
      call: { type: 'control.call', config: { flowId: callee, input: "={ 'hours': h, 'rate': 150 }", ...extra } },
      after: n.map("{ 'billed': result.amount }"),
    },
    ['in>call', 'call>after'],
  );

describe('sub-flows (control.call)', () => {
  it('runs the callee with an input, waits for it, links the runs and goes on with its result', async () => {
    const weft = await weftOn(':memory:');
    await deploy(weft, child);
    const plan = await deploy(weft, parent('price'));
    const { runId } = await start(weft, plan, { h: 4 });
    const row = await finished(weft, runId);
    expect(row.status).toBe('succeeded');
    const call = (await viewOf(weft, runId)).steps!.find((s) => s.nodeId === 'call')!;
    expect(call).toMatchObject({ status: 'succeeded', output: { status: 'succeeded', result: { amount: 600 } } });
    expect((await viewOf(weft, runId)).steps!.find((s) => s.nodeId === 'after')!.output).toEqual({ billed: 600 });
    const childRun = await viewOf(weft, (call.output as { runId: string }).runId);
    expect(childRun).toMatchObject({ flowId: 'price', parentRunId: runId, status: 'succeeded' });
  });

  it('a failed sub-flow fails the calling step with the child’s reason; without waiting the caller goes on at once', async () => {
    const weft = await weftOn(':memory:');
    await deploy(weft, failing);
    const { runId } = await start(weft, await deploy(weft, parent('broken')), { h: 1 });
    const row = await finished(weft, runId);
    expect(row.status).toBe('failed');
    expect(JSON.parse(row.error!)).toMatchObject({
      code: 'sub_flow_failed',
      nodeId: 'call',
      message: expect.stringMatching(/ended failed: rate card missing/),
    });

    await deploy(weft, child);
    const fire = await deploy(weft, {
      ...flow(
        'fire',
        {
          in: n.manual(),
          call: { type: 'control.call', config: { flowId: 'price', input: "={ 'hours': 1, 'rate': 1 }", wait: false } },
        },
        ['in>call'],
      ),
    });
    const f = await start(weft, fire, {});
    await finished(weft, f.runId);
    expect((await stepRows(weft, f.runId)).call.status).toBe('succeeded');
    expect((await viewOf(weft, f.runId)).steps!.find((s) => s.nodeId === 'call')!.output).toEqual({
      runId: expect.stringMatching(/^run_/),
    });
  });

  it('a call to a flow without an active version fails with the reason', async () => {
    const weft = await weftOn(':memory:');
    const { runId } = await start(weft, await deploy(weft, parent('nowhere')), { h: 1 });
    const row = await finished(weft, runId);
    expect(JSON.parse(row.error!).message).toBe('flow "nowhere" has no active version to call');
  });

  it('the caller waits durably: a child waiting for approval across a restart hands its result over when approved', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-sub-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const clock = new ManualClock();
    let weft = await weftOn(dir, clock);
    await deploy(
      weft,
      flow(
        'approve-price',
        {
          in: n.manual(),
          ask: { type: 'control.approval', config: { prompt: 'ok?' } },
          calc: n.map("{ 'amount': hours * rate }"),
        },
        ['in>ask', 'ask:approved>calc'],
      ),
    );
    const { runId } = await start(weft, await deploy(weft, parent('approve-price')), { h: 2 });
    const childId = await until(
      async () => (await weft.store.runQueries.list({ flowId: 'approve-price', limit: 5 }))[0]?.id,
      'the child run',
    );
    await until(
      async () => (await weft.store.runs.run(childId))!.status === 'waiting_approval',
      'the child to wait for approval',
    );
    await weft.close(100);
    cleanup.pop();
    weft = await weftOn(dir, clock);
    await weft.engine.decide(childId, 'approve', 'fine');
    const row = await finished(weft, runId);
    expect(row.status).toBe('succeeded');
    expect((await viewOf(weft, runId)).steps!.find((s) => s.nodeId === 'after')!.output).toEqual({ billed: 300 });
  });

  it('a handover the database refuses (unavailable) is tried again until it goes through, without a restart', async () => {
    const clock = new ManualClock();
    const weft = await weftOn(':memory:', clock);
    await deploy(weft, child);
    const plan = await deploy(weft, parent('price'));
    // While `refusing`, reading a finished child's row fails as a busy database does.
    const runs = weft.store.runs;
    const read = runs.run.bind(runs);
    let refusing = true;
    let refused = 0;
    runs.run = async (id: string) => {
      const row = await read(id);
      if (refusing && row?.parentRunId && row.status === 'succeeded') {
        refused++;
        throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      }
      return row;
    };
    const { runId } = await start(weft, plan, { h: 3 });
    await until(() => refused > 0, 'the handover to be refused');
    const first = refused;
    await clock.advanceSettled(250);
    await until(() => refused > first, 'the handover to be tried again 250 ms later, and refused');
    expect((await read(runId))!.status).toBe('running');
    refusing = false;
    await clock.advanceSettled(1_000);
    const row = await finished(weft, runId);
    expect(row.status).toBe('succeeded');
    expect((await viewOf(weft, runId)).steps!.find((s) => s.nodeId === 'after')!.output).toEqual({ billed: 450 });
  });
});
