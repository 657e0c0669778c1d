import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from 'vitest';
import type { Weft } from '../weft.ts';
import { HttpStub } from '../../test/support/http-stub.ts';
import { flow, n } from '../../test/support/flows.ts';
import { testWeft, deploy, start, finished, stepRows, viewOf } from '../../test/support/weft.ts';
import { count } from '../../test/support/rows.ts';

let stub: HttpStub;
let weft: Weft;

beforeAll(async () => {
  stub = await HttpStub.start();
});
afterAll(() => stub.close());
beforeEach(async () => {
  weft = await testWeft();
});
afterEach(() => weft.close(100));

const out = async (weft: Weft, runId: string, nodeId: string) =>
  JSON.parse((await stepRows(weft, runId))[nodeId].output!);

describe('engine: linear flows and bindings', () => {
  it('runs every step of a linear flow and keeps input and output of each', async () => {
    const plan = await deploy(
      weft,
      flow(
        'linear',
        {
          in: n.manual(),
          first: n.map("{ 'name': name, 'n': n * 2 }"),
          second: n.map(
            "{ 'fromStep': $steps.first.n, 'fromTrigger': $trigger.body.name, 'runId': $run.id, 'flowId': $run.flowId, 'own': n + 1 }",
          ),
          call: n.http(`${stub.url}/linear`),
        },
        ['in>first', 'first>second', 'second>call'],
      ),
    );
    const { runId, duplicate } = await start(weft, plan, { name: 'Acme', n: 21 });
    expect(duplicate).toBe(false);
    const run = await finished(weft, runId);
    expect(run.status, run.error ?? '').toBe('succeeded');
    expect(run.error).toBeNull();

    expect(await out(weft, runId, 'second')).toEqual({
      fromStep: 42,
      fromTrigger: 'Acme',
      runId,
      flowId: 'linear',
      own: 43,
    });
    expect(stub.calls('/linear').map((r) => JSON.parse(r.body))).toEqual([await out(weft, runId, 'second')]);

    const rows = await stepRows(weft, runId);
    expect(Object.keys(rows).sort()).toEqual(['call', 'first', 'in', 'second']);
    for (const s of Object.values(rows))
      expect(s, s.nodeId).toMatchObject({ status: 'succeeded', attempts: 1, port: 'out' });

    const view = await viewOf(weft, runId);
    const second = { fromStep: 42, fromTrigger: 'Acme', runId, flowId: 'linear', own: 43 };
    expect(view.steps!.map((s) => ({ nodeId: s.nodeId, input: s.input, output: s.output }))).toEqual([
      { nodeId: 'in', input: { body: { name: 'Acme', n: 21 } }, output: { name: 'Acme', n: 21 } },
      { nodeId: 'first', input: { name: 'Acme', n: 21 }, output: { name: 'Acme', n: 42 } },
      { nodeId: 'second', input: { name: 'Acme', n: 42 }, output: second },
      { nodeId: 'call', input: second, output: { ok: true, path: '/linear', received: second } },
    ]);
  });
});

describe('engine: branching', () => {
  const validateFlow = () =>
    flow(
      'validated',
      {
        in: n.manual(),
        check: n.validate({ type: 'object', required: ['budget'] }, [
          { expression: 'budget > 0', message: 'budget must be positive' },
        ]),
        accept: n.map("{ 'accepted': budget }"),
        reject: n.map('errors'),
      },
      ['in>check', 'check:valid>accept', 'check:invalid>reject'],
    );

  it('routes valid input by "valid" and invalid input by "invalid"', async () => {
    const plan = await deploy(weft, validateFlow());
    const good = await start(weft, plan, { budget: 5 });
    const bad = await start(weft, plan, { budget: 0 });
    expect((await finished(weft, good.runId)).status).toBe('succeeded');
    expect((await finished(weft, bad.runId)).status).toBe('succeeded');

    const g = await stepRows(weft, good.runId);
    expect(g.check.port).toBe('valid');
    expect(JSON.parse(g.accept.output!)).toEqual({ accepted: 5 });
    expect(g.reject).toBeUndefined();

    const b = await stepRows(weft, bad.runId);
    expect(b.check.port).toBe('invalid');
    expect(JSON.parse(b.reject.output!)).toEqual([{ path: '/', message: 'budget must be positive' }]);
    expect(b.accept).toBeUndefined();
  });

  it('control.if runs one branch; the other branch and everything after it get no step row', async () => {
    const plan = await deploy(
      weft,
      flow(
        'iffy',
        {
          in: n.manual(),
          big: n.if('amount > 100'),
          yes: n.map("'large'"),
          yesAfter: n.map("$ & '!'"),
          no: n.map("'small'"),
        },
        ['in>big', 'big:true>yes', 'yes>yesAfter', 'big:false>no'],
      ),
    );
    const small = await start(weft, plan, { amount: 3 });
    expect((await finished(weft, small.runId)).status).toBe('succeeded');
    const rows = await stepRows(weft, small.runId);
    expect(Object.keys(rows).sort()).toEqual(['big', 'in', 'no']);
    expect(rows.big.port).toBe('false');
    expect(JSON.parse(rows.no.output!)).toBe('small');

    const large = await start(weft, plan, { amount: 300 });
    expect((await finished(weft, large.runId)).status).toBe('succeeded');
    expect(Object.keys(await stepRows(weft, large.runId)).sort()).toEqual(['big', 'in', 'yes', 'yesAfter']);
    expect(await out(weft, large.runId, 'yesAfter')).toBe('large!');
  });

  it('runs two branches after one node concurrently', async () => {
    const plan = await deploy(
      weft,
      flow(
        'fan',
        {
          in: n.manual(),
          a: n.http(`${stub.url}/fan-a`, { retry: { maxAttempts: 1 } }),
          b: n.http(`${stub.url}/fan-b`, { retry: { maxAttempts: 1 } }),
        },
        ['in>a', 'in>b'],
      ),
    );
    stub.maxInFlight = 0;
    stub.holdUntilConcurrent(2, 3000);
    const { runId } = await start(weft, plan, { order: 1 });
    const run = await finished(weft, runId);
    expect(stub.maxInFlight, 'both requests were held by the stub at the same time').toBe(2);
    expect(run.status, run.error ?? '').toBe('succeeded');
    const rows = await stepRows(weft, runId);
    expect(rows.a.status).toBe('succeeded');
    expect(rows.b.status).toBe('succeeded');
  });

  it('runs a join once, with its input keyed by the source node ids', async () => {
    const plan = await deploy(
      weft,
      flow(
        'join',
        {
          in: n.manual(),
          left: n.map("{ 'x': v }"),
          right: n.map("{ 'y': v * 10 }"),
          both: n.map('$'),
        },
        ['in>left', 'in>right', 'left>both', 'right>both'],
      ),
    );
    const { runId } = await start(weft, plan, { v: 2 });
    expect((await finished(weft, runId)).status).toBe('succeeded');
    const steps = (await weft.store.runs.steps(runId)).filter((s) => s.nodeId === 'both');
    expect(steps).toHaveLength(1);
    expect(steps[0].attempts).toBe(1);
    expect(JSON.parse(steps[0].output!)).toEqual({ left: { x: 2 }, right: { y: 20 } });
    expect(JSON.parse(steps[0].input!)).toEqual({ left: { x: 2 }, right: { y: 20 } });
  });
});

describe('engine: trigger events', () => {
  it('returns the first run for a repeated dedupe key and stores only one run', async () => {
    const plan = await deploy(weft, flow('dedupe', { in: n.manual(), m: n.map('id') }, ['in>m']));
    const first = await start(weft, plan, { id: 1 }, { dedupeKey: 'order-1' });
    const second = await start(weft, plan, { id: 2 }, { dedupeKey: 'order-1' });
    expect(first.duplicate).toBe(false);
    expect(second).toEqual({ runId: first.runId, duplicate: true });
    expect(await count(weft, 'runs', 'flow_id = ?', ['dedupe'])).toBe(1);
    await finished(weft, first.runId);
    expect(await out(weft, first.runId, 'm')).toBe(1);
    const other = await start(weft, plan, { id: 3 }, { dedupeKey: 'order-2' });
    expect(other.runId).not.toBe(first.runId);
  });

  it('runs a 2,000-item trigger body of about 5 MB', async () => {
    const plan = await deploy(
      weft,
      flow(
        'bulk',
        {
          in: n.manual(),
          sum: n.map("{ 'count': $count(items), 'total': $sum(items.amount), 'last': items[-1].id }"),
        },
        ['in>sum'],
      ),
    );
    const items = Array.from({ length: 2000 }, (_, i) => ({ id: `item-${i}`, amount: 1, note: 'x'.repeat(2500) }));
    const body = { items };
    expect(JSON.stringify(body).length).toBeGreaterThan(5_000_000);
    const { runId } = await start(weft, plan, body);
    const run = await finished(weft, runId, 20_000);
    expect(run.status, run.error ?? '').toBe('succeeded');
    expect(await out(weft, runId, 'sum')).toEqual({ count: 2000, total: 2000, last: 'item-1999' });
    expect(JSON.parse(run.trigger).body.items).toHaveLength(2000);
  });
});
