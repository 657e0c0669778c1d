import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Weft } from '../weft.ts';
import { ManualClock } from './clock.ts';
import { testWeft, deploy, start, finished, stepRows, stepReaches, viewOf } from '../../test/support/weft.ts';
import { flow, n } from '../../test/support/flows.ts';
import { client } from '../../test/support/api.ts';
import { until } from '../../test/support/poll.ts';

const dirs: string[] = [];
const open: Weft[] = [];
afterEach(async () => {
  for (const w of open.splice(0)) await w.close(100).catch(() => undefined);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function weftOn(dir: string, clock: ManualClock): Promise<Weft> {
  const w = await testWeft({ clock, config: { dataDir: dir } });
  open.push(w);
  return w;
}
function dataDir() {
  const d = mkdtempSync(join(tmpdir(), 'weft-wait-'));
  dirs.push(d);
  return d;
}

const delayFlow = flow(
  'reminder',
  { in: n.manual(), wait: { type: 'control.delay', config: { forMs: 3_600_000 } }, after: n.map("{ 'sent': id }") },
  ['in>wait', 'wait>after'],
);
const approvalFlow = flow(
  'big-invoice',
  {
    in: n.manual(),
    ask: { type: 'control.approval', config: { prompt: '="Post invoice " & id & " for " & amount & "?"' } },
    post: n.map("{ 'posted': id }"),
    hold: n.map("{ 'held': id }"),
  },
  ['in>ask', 'ask:approved>post', 'ask:rejected>hold'],
);

describe('waiting: delays and approvals', () => {
  it('a delay parks the run without a worker and passes its input on when the time comes, also after a restart', async () => {
    const dir = dataDir();
    const clock = new ManualClock();
    let weft = await weftOn(dir, clock);
    const plan = await deploy(weft, delayFlow);
    const { runId } = await start(weft, plan, { id: 'R-1' });
    const waiting = await stepReaches(weft, runId, 'wait', (s) => s.status === 'waiting', 'the delay to start');
    expect(waiting.nextAttemptAt).toBe(clock.now() + 3_600_000);
    expect((await weft.store.runs.run(runId))!.status).toBe('running');

    await weft.close(100);
    open.pop();
    clock.advance(3_600_000);
    weft = await weftOn(dir, clock);
    await until(
      async () => (clock.advance(1000), (await weft.store.runs.run(runId))!.status !== 'running'),
      'the delayed run to finish after the restart',
    );
    expect((await weft.store.runs.run(runId))!.status).toBe('succeeded');
    expect((await stepRows(weft, runId)).wait).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect((await viewOf(weft, runId)).steps!.find((s) => s.nodeId === 'after')!.output).toEqual({ sent: 'R-1' });
  });

  it('an approval waits (durably, across a restart) for an operator: approve goes one way, reject the other', async () => {
    const dir = dataDir();
    const clock = new ManualClock();
    let weft = await weftOn(dir, clock);
    const plan = await deploy(weft, approvalFlow);
    const a = await start(weft, plan, { id: 'INV-1', amount: '62000.00' });
    const b = await start(weft, plan, { id: 'INV-2', amount: '81000.00' });
    await until(
      async () =>
        (await Promise.all([a, b].map((r) => weft.store.runs.run(r.runId)))).every(
          (row) => row?.status === 'waiting_approval',
        ),
      'both runs to wait for approval',
    );
    expect((await viewOf(weft, a.runId)).steps!.find((s) => s.nodeId === 'ask')).toMatchObject({
      status: 'waiting',
      output: { approval: { prompt: 'Post invoice INV-1 for 62000.00?' } },
    });

    await weft.close(100);
    open.pop();
    weft = await weftOn(dir, clock);
    const call = client(weft);
    expect((await call('GET', '/api/runs?status=waiting_approval')).body.runs).toHaveLength(2);
    expect((await call('POST', `/api/runs/${a.runId}/approve`, { comment: 'checked with the partner' })).status).toBe(
      202,
    );
    expect((await call('POST', `/api/runs/${b.runId}/reject`, { comment: 'wrong rate card' })).status).toBe(202);
    await finished(weft, a.runId);
    await finished(weft, b.runId);
    expect(await stepRows(weft, a.runId)).toMatchObject({
      ask: { status: 'succeeded', port: 'approved' },
      post: { status: 'succeeded' },
    });
    expect((await stepRows(weft, a.runId)).hold).toBeUndefined();
    expect((await viewOf(weft, b.runId)).steps!.find((s) => s.nodeId === 'hold')!.output).toEqual({ held: 'INV-2' });
    expect((await viewOf(weft, a.runId)).actions).toEqual([
      expect.objectContaining({ action: 'approve', note: 'checked with the partner', detail: { nodeId: 'ask' } }),
    ]);
    expect((await call('POST', `/api/runs/${a.runId}/approve`)).status).toBe(409);
  });

  it('a run waiting for approval can be cancelled', async () => {
    const clock = new ManualClock();
    const weft = await weftOn(':memory:', clock);
    const plan = await deploy(weft, approvalFlow);
    const { runId } = await start(weft, plan, { id: 'INV-3', amount: '1.00' });
    await until(async () => (await weft.store.runs.run(runId))!.status === 'waiting_approval', 'the approval wait');
    expect((await client(weft)('POST', `/api/runs/${runId}/cancel`, { reason: 'invoice withdrawn' })).status).toBe(200);
    expect((await weft.store.runs.run(runId))!.status).toBe('cancelled');
    expect((await stepRows(weft, runId)).ask).toMatchObject({ status: 'failed' });
  });
});
