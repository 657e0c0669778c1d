import { afterEach, describe, expect, it } from 'vitest';
import type { Weft } from '../weft.ts';
import { testWeft, deploy, start, finished, viewOf } from '../../test/support/weft.ts';
import { flow, n } from '../../test/support/flows.ts';
import { eventually } from '../../test/support/poll.ts';
import { execute, value } from '../../test/support/rows.ts';
import { PRUNED_PAYLOAD } from '../../shared/run.ts';
import type { FlowPlan } from '../engine/plan.ts';

const DAY = 86_400_000;
const admin = { kind: 'user' as const, id: 'u1', name: 'admin@firm.test' };
let weft: Weft | undefined;
afterEach(async () => {
  await weft?.close(0).catch(() => {});
  weft = undefined;
});

/** Moves a run back in time, as if it had been created and finished `days` ago. */
async function age(w: Weft, runId: string, days: number): Promise<void> {
  const at = Date.now() - days * DAY;
  await execute(
    w,
    'UPDATE runs SET created_at = ?, finished_at = CASE WHEN finished_at IS NULL THEN NULL ELSE CAST(? AS BIGINT) END WHERE id = ?',
    [at, at + 1000, runId],
  );
}

async function finishedRun(w: Weft, plan: FlowPlan, body: unknown, days: number, dedupeKey?: string): Promise<string> {
  const { runId } = await start(w, plan, body, { dedupeKey });
  await finished(w, runId);
  await age(w, runId, days);
  return runId;
}

const count = async (w: Weft, sql: string, ...args: unknown[]) => Number(await value(w, sql, args));
const exists = async (w: Weft, runId: string) => (await w.store.runs.run(runId)) !== undefined;

describe('retention pruning', () => {
  it("deletes finished runs past their flow's days, or the default's, with every row of theirs; unfinished runs stay", async () => {
    weft = await testWeft();
    const w = weft;
    const a = await deploy(w, flow('a', { in: n.manual(), out: n.map('{ "a": $ }') }, ['in>out']));
    const b = await deploy(w, flow('b', { in: n.manual(), out: n.map('{ "b": $ }') }, ['in>out']));
    const c = await deploy(w, flow('c', { in: n.manual(), out: n.map('{ "c": $ }') }, ['in>out']));
    const slow = await deploy(
      w,
      flow(
        'slow',
        { in: n.manual(), wait: { type: 'control.delay', config: { forMs: 3_600_000 } }, after: n.map('$') },
        ['in>wait', 'wait>after'],
      ),
    );
    await w.retention.setPolicy('a', { days: 7, keepSuccessPayloads: true }, admin);
    await w.retention.setPolicy('c', { days: null, keepSuccessPayloads: true }, admin);
    await w.retention.setPolicy('*', { days: 30, keepSuccessPayloads: true }, admin);

    const runs: Record<string, string> = {};
    for (const [name, plan] of [
      ['a', a],
      ['b', b],
      ['c', c],
    ] as const) {
      runs[`${name}40`] = await finishedRun(w, plan, { n: 40 }, 40);
      runs[`${name}10`] = await finishedRun(w, plan, { n: 10 }, 10);
      runs[`${name}0`] = await finishedRun(w, plan, { n: 0 }, 0);
    }
    const waiting = (await start(w, slow, { n: 'waits' })).runId;
    await eventually(
      async () => (await w.store.runs.steps(waiting)).some((s) => s.status === 'waiting'),
      'the delay to park the run',
      5000,
      2,
    );
    await age(w, waiting, 90);
    // An operator's note and a restart count belong to the run and go with it.
    await execute(w, `INSERT INTO run_actions (run_id, at, action, note) VALUES (?, 1, 'retry', 'x')`, [runs.b40]);
    await execute(w, `INSERT INTO step_recoveries (run_id, node_id, count) VALUES (?, 'out', 1)`, [runs.b40]);

    const result = await w.retention.prune(null);
    const kept: string[] = [];
    for (const [k, id] of Object.entries(runs)) if (await exists(w, id)) kept.push(k);
    expect(kept.sort()).toEqual(['a0', 'b0', 'b10', 'c0', 'c10', 'c40']);
    expect((await w.store.runs.run(waiting))?.status).toBe('running');
    expect(result).toMatchObject({ runsDeleted: 3, payloadsDropped: 0, complete: true, by: null });
    expect(result.flows).toEqual([
      { flowId: 'a', runsDeleted: 2, payloadsDropped: 0 },
      { flowId: 'b', runsDeleted: 1, payloadsDropped: 0 },
    ]);
    for (const t of ['steps', 'run_actions', 'step_recoveries', 'run_payloads'])
      expect(
        await count(w, `SELECT COUNT(*) FROM ${t} WHERE run_id IN (?, ?, ?)`, runs.a40, runs.a10, runs.b40),
        t,
      ).toBe(0);
    const [entry] = await w.audit.list({ action: 'retention.pruned' });
    expect(entry).toMatchObject({ actorKind: null, detail: { runsDeleted: 3, flows: result.flows } });
    expect((entry.detail as { database: { bytes: number } }).database.bytes).toBeGreaterThan(0);

    // Nothing left to remove: no second audit entry.
    expect((await w.retention.prune(null)).runsDeleted).toBe(0);
    expect(await w.audit.list({ action: 'retention.pruned' })).toHaveLength(1);
  });

  it('drops the step payloads of succeeded runs only, keeping their outline, and the run page says so', async () => {
    weft = await testWeft({ config: { stepPayloadCap: 256 } });
    const w = weft;
    const lean = await deploy(
      w,
      flow(
        'lean',
        {
          in: n.manual(),
          check: n.if('amount > 0'),
          ok: n.map('{ "doc": $pad($string(amount), 2000, "x") }'),
          stop: n.fail('no amount'),
        },
        ['in>check', 'check:true>ok', 'check:false>stop'],
      ),
    );
    await w.retention.setPolicy('lean', { days: null, keepSuccessPayloads: false }, admin);
    const good = await finishedRun(w, lean, { amount: 5 }, 0);
    const bad = await finishedRun(w, lean, { amount: 0 }, 0);
    expect((await w.store.runs.run(bad))?.status).toBe('failed');
    const before = await w.store.runs.steps(good);
    expect(await count(w, 'SELECT COUNT(*) FROM run_payloads WHERE run_id = ?', good)).toBeGreaterThan(0);

    const result = await w.retention.prune(admin);
    expect(result).toMatchObject({
      runsDeleted: 0,
      payloadsDropped: 1,
      by: admin.name,
      flows: [{ flowId: 'lean', runsDeleted: 0, payloadsDropped: 1 }],
    });
    const after = await w.store.runs.steps(good);
    expect(after.map((s) => [s.nodeId, s.status, s.attempts, s.startedAt, s.finishedAt, s.input, s.output])).toEqual(
      before.map((s) => [s.nodeId, s.status, s.attempts, s.startedAt, s.finishedAt, null, null]),
    );
    expect(await count(w, 'SELECT COUNT(*) FROM run_payloads WHERE run_id = ?', good)).toBe(0);
    expect((await w.store.runs.run(good))?.status).toBe('succeeded');

    const view = await viewOf(w, good);
    expect(view.payloadsPruned).toBe(true);
    expect(view.steps!.map((s) => [s.nodeId, s.status, s.input, s.output]).sort()).toEqual(
      ['check', 'in', 'ok'].map((id) => [id, 'succeeded', PRUNED_PAYLOAD, PRUNED_PAYLOAD]),
    );
    // The failed run keeps everything an operator needs to retry it.
    const failed = await viewOf(w, bad);
    expect(failed.payloadsPruned).toBeUndefined();
    expect(failed.steps!.find((s) => s.nodeId === 'check')?.output).toEqual({ amount: 0 });
    expect((await w.audit.list({ action: 'retention.pruned' }))[0]).toMatchObject({
      actorName: admin.name,
      detail: { payloadsDropped: 1 },
    });
    expect((await w.retention.prune(null)).payloadsDropped).toBe(0);
  });

  it('a dedupe key goes with its deleted run, so the same event starts a new run; a kept run still answers duplicates', async () => {
    weft = await testWeft();
    const w = weft;
    const plan = await deploy(w, flow('orders', { in: n.manual(), out: n.map('$') }, ['in>out']));
    await w.retention.setPolicy('orders', { days: 1, keepSuccessPayloads: true }, admin);
    const old = await finishedRun(w, plan, { id: 1 }, 5, 'order-1');
    const recent = await finishedRun(w, plan, { id: 2 }, 0, 'order-2');
    await w.retention.prune(null);
    expect(await exists(w, old)).toBe(false);
    expect(await count(w, 'SELECT COUNT(*) FROM trigger_dedupe WHERE run_id = ?', old)).toBe(0);
    expect(await start(w, plan, { id: 1 }, { dedupeKey: 'order-2' })).toEqual({ runId: recent, duplicate: true });
    const again = await start(w, plan, { id: 1 }, { dedupeKey: 'order-1' });
    expect(again.duplicate).toBe(false);
    expect(again.runId).not.toBe(old);
  });

  it('keeps a finished sub-flow run while the run that called it has not finished', async () => {
    weft = await testWeft();
    const w = weft;
    await deploy(w, flow('price', { in: n.manual(), calc: n.map('{ "amount": h * 150 }') }, ['in>calc']));
    const caller = await deploy(
      w,
      flow(
        'bill',
        {
          in: n.manual(),
          call: { type: 'control.call', config: { flowId: 'price', input: '={ "h": h }' } },
          ask: { type: 'control.approval', config: { prompt: 'post?' } },
        },
        ['in>call', 'call>ask'],
      ),
    );
    await w.retention.setPolicy('price', { days: 1, keepSuccessPayloads: false }, admin);
    const parent = (await start(w, caller, { h: 2 })).runId;
    await eventually(
      async () => (await w.store.runs.run(parent))?.status === 'waiting_approval',
      'the caller to wait for approval',
      5000,
      2,
    );
    const childId = (await value<string>(w, 'SELECT id FROM runs WHERE parent_run_id = ?', [parent]))!;
    expect((await w.store.runs.run(childId))?.status).toBe('succeeded');
    await age(w, childId, 10);
    expect(await w.retention.prune(null)).toMatchObject({ runsDeleted: 0, payloadsDropped: 0 });
    // Its payloads are kept too (the trigger's output is stored as a reference to the trigger event).
    expect(
      Object.fromEntries((await w.store.runs.steps(childId)).map((s) => [s.nodeId, JSON.parse(s.output!)])),
    ).toEqual({
      in: { $weftRef: 'trigger' },
      calc: { amount: 300 },
    });
    expect((await w.store.runs.run(childId))?.trigger).toMatch(/"h":2/);
  });
});
