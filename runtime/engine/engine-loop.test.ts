import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Weft } from '../weft.ts';
import type { FlowDefinitionInput } from '../../shared/flow.ts';
import type { LoopOutput } from '../../shared/loop.ts';
import { testWeft, deploy, start, finished, viewOf } from '../../test/support/weft.ts';
import { flow, n } from '../../test/support/flows.ts';
import { HttpStub } from '../../test/support/http-stub.ts';
import { until } from '../../test/support/poll.ts';
import { testRun } from '../flows/test-run.ts';
import { ManualClock } from './clock.ts';
import type { EngineCore } from './engine-core.ts';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function weft(dataDir?: string): Promise<Weft> {
  const w = await testWeft(dataDir ? { config: { dataDir } } : {});
  cleanup.push(() => w.close(100).catch(() => undefined));
  return w;
}

async function stub(): Promise<HttpStub> {
  const s = await HttpStub.start();
  cleanup.push(() => s.close());
  return s;
}

type Nodes = Parameters<typeof flow>[1];

/** A flow whose nodes in `body` (and `inner`, inside loop `inner`) are the body of loop `loop`. */
function loopFlow(
  id: string,
  top: Nodes,
  topEdges: string[],
  body: Nodes,
  bodyEdges: string[],
  inner?: { nodes: Nodes; edges: string[] },
): FlowDefinitionInput {
  const all = flow(id, { ...top, ...body, ...inner?.nodes }, [...topEdges, ...bodyEdges, ...(inner?.edges ?? [])]);
  for (const node of all.nodes) {
    if (node.id in body) node.parentId = 'loop';
    if (inner && node.id in inner.nodes) node.parentId = 'inner';
  }
  return all;
}

const loop = (config: Record<string, unknown>) => ({ type: 'control.loop', config });
const outputOf = async (w: Weft, runId: string, nodeId: string) =>
  (await viewOf(w, runId)).steps!.find((s) => s.nodeId === nodeId)!.output;

describe('loops (control.loop)', () => {
  it('runs the body once per item in order ($trigger is the run’s) and outputs the results in item order, with its progress', async () => {
    const w = await weft();
    const plan = await deploy(
      w,
      loopFlow(
        'each',
        { in: n.manual(), loop: loop({ items: '=lines' }), total: n.map('$sum(results.amount)') },
        ['in>loop', 'loop>total'],
        { price: n.map("{ 'amount': item.hours * 100 * $trigger.body.rate, 'at': index }") },
        [],
      ),
    );
    const { runId } = await start(w, plan, { rate: 1, lines: [{ hours: 1 }, { hours: 2 }, { hours: 3 }] });
    expect((await finished(w, runId)).status).toBe('succeeded');
    expect(await outputOf(w, runId, 'loop')).toEqual({
      results: [
        { amount: 100, at: 0 },
        { amount: 200, at: 1 },
        { amount: 300, at: 2 },
      ],
      failed: [],
    });
    expect(await outputOf(w, runId, 'total')).toBe(600);
    const view = await viewOf(w, runId);
    expect(view.loops).toEqual([{ nodeId: 'loop', total: 3, done: 3, running: 0, failed: [] }]);
    const body = await viewOf(w, `${runId}.loop.1`);
    expect(body).toMatchObject({ parentRunId: runId, status: 'succeeded' });
  });

  it('runs at most `concurrency` bodies at once, each call with a per-item idempotency key', async () => {
    const w = await weft();
    const s = (await stub()).holdUntilConcurrent(3);
    const plan = await deploy(
      w,
      loopFlow(
        'fan',
        { in: n.manual(), loop: loop({ items: '=codes', concurrency: 3, itemKey: 'code' }) },
        ['in>loop'],
        { call: n.http(`${s.url}/projects`, { body: '=item', retry: { maxAttempts: 1 } }) },
        [],
      ),
    );
    const codes = ['A', 'B', 'C', 'D', 'E', 'F'].map((code) => ({ code }));
    const { runId } = await start(w, plan, { codes });
    expect((await finished(w, runId)).status).toBe('succeeded');
    expect(s.maxInFlight).toBe(3);
    expect(
      s
        .calls('/projects')
        .map((r) => r.idempotencyKey)
        .sort(),
    ).toEqual(codes.map((c) => `${runId}:call:${c.code}`));
    const out = (await outputOf(w, runId, 'loop')) as LoopOutput;
    expect(out.results.map((r) => (r as { received: { code: string } }).received.code)).toEqual(
      codes.map((c) => c.code),
    );
  });

  it('hands the body batches of items: { items, index }; body runs do not count against the flow’s concurrency', async () => {
    const w = await weft();
    const plan = await deploy(w, {
      ...loopFlow(
        'batches',
        { in: n.manual(), loop: loop({ items: '=$', batchSize: 2, concurrency: 2 }) },
        ['in>loop'],
        { sum: n.map("{ 'from': index, 'sum': $sum(items) }") },
        [],
      ),
      settings: { concurrency: 1 },
    });
    const { runId } = await start(w, plan, [1, 2, 3, 4, 5]);
    expect((await finished(w, runId)).status).toBe('succeeded');
    expect(await outputOf(w, runId, 'loop')).toEqual({
      results: [
        { from: 0, sum: 3 },
        { from: 2, sum: 7 },
        { from: 4, sum: 5 },
      ],
      failed: [],
    });
  });

  it('onItemFailure "continue" goes on and lists the failed items; "stop" fails the loop and starts no more items', async () => {
    const w = await weft();
    const body = {
      check: n.if('item.ok'),
      fine: n.map("{ 'id': item.id }"),
      bad: n.fail('item refused'),
    };
    const edges = ['check:true>fine', 'check:false>bad'];
    const items = [
      { id: 1, ok: true },
      { id: 2, ok: false },
      { id: 3, ok: true },
      { id: 4, ok: false },
    ];
    const go = await deploy(
      w,
      loopFlow(
        'go-on',
        { in: n.manual(), loop: loop({ items: '=$', onItemFailure: 'continue' }), all: aggregate() },
        ['in>loop', 'loop>all'],
        body,
        edges,
      ),
    );
    const a = await start(w, go, items);
    expect((await finished(w, a.runId)).status).toBe('succeeded');
    const out = (await outputOf(w, a.runId, 'loop')) as LoopOutput;
    expect(out.results).toEqual([{ id: 1 }, null, { id: 3 }, null]);
    expect(out.failed).toEqual([
      { index: 1, item: items[1], runId: `${a.runId}.loop.1`, error: { code: 'flow_failed', message: 'item refused' } },
      { index: 3, item: items[3], runId: `${a.runId}.loop.3`, error: { code: 'flow_failed', message: 'item refused' } },
    ]);
    expect(await outputOf(w, a.runId, 'all')).toEqual([{ id: 1 }, { id: 3 }]);
    expect((await viewOf(w, a.runId)).loops![0]).toMatchObject({
      total: 4,
      done: 2,
      failed: [{ index: 1 }, { index: 3 }],
    });

    const stop = await deploy(
      w,
      loopFlow('stop', { in: n.manual(), loop: loop({ items: '=$' }) }, ['in>loop'], body, edges),
    );
    const b = await start(w, stop, items);
    const row = await finished(w, b.runId);
    expect(row.status).toBe('failed');
    expect(JSON.parse(row.error!)).toMatchObject({
      code: 'loop_item_failed',
      nodeId: 'loop',
      message: expect.stringContaining('the body failed for item 1'),
    });
    expect((await w.store.runs.childRuns(b.runId, 'loop')).map((r) => r.id)).toEqual([
      `${b.runId}.loop.0`,
      `${b.runId}.loop.1`,
    ]);
    expect((await viewOf(w, b.runId)).loops![0]).toMatchObject({ total: 4, done: 1, running: 0 });
  });

  it('runs nested loops, and an empty list gives no results', async () => {
    const w = await weft();
    const plan = await deploy(
      w,
      loopFlow(
        'nested',
        { in: n.manual(), loop: loop({ items: '=groups' }) },
        ['in>loop'],
        { inner: loop({ items: '=item.members', concurrency: 2 }), names: n.map('results') },
        ['inner>names'],
        { nodes: { upper: n.map('$uppercase(item) & $trigger.body.mark') }, edges: [] },
      ),
    );
    const { runId } = await start(w, plan, {
      mark: '!',
      groups: [{ members: ['a', 'b'] }, { members: [] }, { members: ['c'] }],
    });
    expect((await finished(w, runId)).status).toBe('succeeded');
    expect(await outputOf(w, runId, 'loop')).toEqual({ results: [['A!', 'B!'], [], ['C!']], failed: [] });
  });

  it('a retry of the failed run runs only the failed items again, with the same idempotency keys', async () => {
    const w = await weft();
    const s = await stub();
    s.failTimes('/post', 1, { status: 422, body: { error: 'no such customer' } });
    const plan = await deploy(
      w,
      loopFlow(
        'retry-items',
        { in: n.manual(), loop: loop({ items: '=$', concurrency: 1 }) },
        ['in>loop'],
        { post: n.http(`${s.url}/post`, { body: '=item', retry: { maxAttempts: 1 } }) },
        [],
      ),
    );
    const { runId } = await start(w, plan, ['x', 'y', 'z']);
    expect((await finished(w, runId)).status).toBe('failed');
    expect(s.calls('/post').map((r) => r.idempotencyKey)).toEqual([`${runId}:post:0`]);

    await w.engine.retryFailed(runId);
    expect((await finished(w, runId)).status).toBe('succeeded');
    const keys = s.calls('/post').map((r) => r.idempotencyKey);
    expect(keys).toEqual([`${runId}:post:0`, `${runId}:post:0`, `${runId}:post:1`, `${runId}:post:2`]);
    expect(((await outputOf(w, runId, 'loop')) as LoopOutput).failed).toEqual([]);
  });

  it('after a restart goes on from its body runs: finished items are not run again, the one in flight is sent again with its key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-loop-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const s = (await stub()).respond('/p', 'hold');
    let w = await weft(dir);
    const plan = await deploy(
      w,
      loopFlow(
        'restart',
        { in: n.manual(), loop: loop({ items: '=items' }) },
        ['in>loop'],
        { p: n.http(`${s.url}/p`, { body: "={ 'item': item, 'tag': $trigger.body.tag }" }) },
        [],
      ),
    );
    const { runId } = await start(w, plan, { tag: 'T', items: [0, 1, 2, 3] });
    await s.waitForCalls('/p', 1);
    s.release('/p', { status: 200 });
    await s.waitForCalls('/p', 2);
    await w.close(50);
    cleanup.pop();
    s.respond('/p', { status: 200 });
    s.release('/p', { status: 200 });
    w = await weft(dir);
    await until(async () => (await w.store.runs.run(runId))?.status === 'succeeded', 'the loop run to succeed');
    const keys = s.calls('/p').map((r) => r.idempotencyKey);
    expect(keys).toEqual([`${runId}:p:0`, `${runId}:p:1`, `${runId}:p:1`, `${runId}:p:2`, `${runId}:p:3`]);
    expect(JSON.parse(s.calls('/p')[4].body)).toEqual({ item: 3, tag: 'T' });
    expect(((await outputOf(w, runId, 'loop')) as LoopOutput).results).toHaveLength(4);
  });

  it('a body run whose end was not handed over counts at the next lease renewal', async () => {
    const clock = new ManualClock();
    const w = await testWeft({ clock });
    cleanup.push(() => w.close(100).catch(() => undefined));
    const plan = await deploy(
      w,
      loopFlow('lost-end', { in: n.manual(), loop: loop({ items: '=$' }) }, ['in>loop'], { x: n.map('item') }, []),
    );
    // As when the body run ends in another process: its end does not reach the loop.
    const core = (w.engine as unknown as { core: EngineCore }).core;
    const handOver = core.childFinished;
    core.childFinished = async () => undefined;
    const { runId } = await start(w, plan, ['a', 'b', 'c']);
    await until(async () => (await w.store.runs.run(`${runId}.loop.0`))?.status === 'succeeded', 'the first item');
    expect((await w.store.runs.childRuns(runId, 'loop')).map((r) => r.id)).toEqual([`${runId}.loop.0`]);
    core.childFinished = handOver;
    await clock.advanceSettled(10_000);
    expect((await finished(w, runId)).status).toBe('succeeded');
    expect(((await outputOf(w, runId, 'loop')) as LoopOutput).results).toEqual(['a', 'b', 'c']);
  });

  it('runs in a test run of a draft: the test run answers once the loop is done', async () => {
    const w = await weft();
    const def = loopFlow(
      'draft-loop',
      { in: n.manual(), loop: loop({ items: '=$', concurrency: 2 }), all: aggregate({}) },
      ['in>loop', 'loop>all'],
      { double: n.map('item * 2') },
      [],
    );
    const { definition } = await w.flows.create(def);
    const view = await testRun(w, definition, { input: [1, 2, 3] });
    expect(view).toMatchObject({ mode: 'test', status: 'succeeded' });
    expect(view.steps!.find((s) => s.nodeId === 'all')!.output).toEqual([2, 4, 6]);
    expect(view.loops).toEqual([{ nodeId: 'loop', total: 3, done: 3, running: 0, failed: [] }]);
  });

  it('aggregate joins the outputs of several branches in the order of the edges into it', async () => {
    const w = await weft();
    const plan = await deploy(
      w,
      flow(
        'join',
        {
          in: n.manual(),
          a: n.map('[1, 2]'),
          b: n.map("'three'"),
          skip: n.if('false'),
          never: n.map("'never'"),
          all: aggregate(),
        },
        ['in>a', 'in>b', 'in>skip', 'skip:true>never', 'b>all', 'never>all', 'a>all'],
      ),
    );
    const { runId } = await start(w, plan, {});
    expect((await finished(w, runId)).status).toBe('succeeded');
    expect(await outputOf(w, runId, 'all')).toEqual(['three', 1, 2]);
  });
});

function aggregate(config: Record<string, unknown> = { dropEmpty: true }) {
  return { type: 'control.aggregate', config };
}
