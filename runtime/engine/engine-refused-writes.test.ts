import { afterEach, describe, expect, it } from 'vitest';
import type { Weft } from '../weft.ts';
import { flow, n } from '../../test/support/flows.ts';
import { deploy, finished, start, stepRows, testWeft } from '../../test/support/weft.ts';
import { until } from '../../test/support/poll.ts';
import { beforeStepWrite, refuseRows } from '../../test/support/refuse-writes.ts';

/**
 * The engine's memory changes only after the write it stands for has committed: a write the store
 * refuses (here a trigger that aborts it, as a full disk or a broken database would) leaves the run in
 * memory as the database has it, and the run then ends as a refused write says (or goes on).
 */
const opened: Weft[] = [];
afterEach(async () => {
  for (const w of opened.splice(0)) await w.close(10);
});

async function open(): Promise<Weft> {
  const w = await testWeft();
  opened.push(w);
  return w;
}

/** Makes the store refuse every write of a step row of `nodeId` with `status`. */
async function refuseStep(weft: Weft, nodeId: string, status: string): Promise<void> {
  await refuseRows(weft, {
    name: `refuse_${nodeId}_${status}`,
    table: 'steps',
    on: 'INSERT',
    when: { node_id: nodeId, status },
    message: 'the store refuses this step',
  });
}

/** Calls `see(runId)` inside the transaction that writes a step row of `nodeId` with `status`, before it is written. */
function onStepWrite(weft: Weft, nodeId: string, status: string, see: (runId: string) => void): void {
  beforeStepWrite(
    weft,
    (row) => row.nodeId === nodeId && row.status === status,
    (row) => see(row.runId),
  );
}

describe('engine: writes the store refuses', () => {
  it('a refused step leaves the run in memory as committed: no successor in flight, the run fails with commit_failed', async () => {
    const weft = await open();
    const plan = await deploy(
      weft,
      flow('refused-step', { in: n.manual(), a: n.map("{ 'a': 1 }"), b: n.map("{ 'b': 1 }") }, ['in>a', 'a>b']),
    );
    await refuseStep(weft, 'a', 'succeeded');
    // What the engine holds about the run once the write of `a` was refused, seen while its failure is written.
    const seen: { inFlight: string[]; active: boolean }[] = [];
    onStepWrite(weft, 'a', 'failed', (runId) =>
      seen.push({ inFlight: weft.engine.stepsInFlight(runId), active: weft.engine.isActive(runId) }),
    );
    const { runId } = await start(weft, plan, {});

    const run = await finished(weft, runId);
    expect(run.status).toBe('failed');
    expect(JSON.parse(run.error!)).toMatchObject({ code: 'commit_failed', nodeId: 'a' });
    // `b` never became ready in memory: the step that would have made it ready has no committed row.
    expect(seen).toEqual([{ inFlight: ['a'], active: true }]);
    expect((await stepRows(weft, runId)).a).toMatchObject({ status: 'failed' });
    expect((await stepRows(weft, runId)).b).toBeUndefined();
    await until(() => !weft.engine.isActive(runId), 'the failed run to leave memory');
    expect(await weft.engine.waitFor(runId, 1000, 'finish')).toMatchObject({ status: 'failed' });
  });

  it('a refused cancellation leaves the run waiting and holding its ordering key; it goes on when approved', async () => {
    const weft = await open();
    const plan = await deploy(weft, {
      ...flow(
        'refused-cancel',
        {
          in: n.manual(),
          ask: { type: 'control.approval', config: { prompt: 'Post?' } },
          post: n.map("{ 'posted': key }"),
        },
        ['in>ask', 'ask:approved>post'],
      ),
      settings: { orderingKey: 'key' },
    });
    const first = await start(weft, plan, { key: 'K' });
    await until(
      async () => (await weft.store.runs.run(first.runId))?.status === 'waiting_approval',
      'the first run to wait',
    );
    const second = await start(weft, plan, { key: 'K' });
    expect(weft.engine.waitingRuns('refused-cancel')).toBe(1);

    await refuseRows(weft, {
      name: 'refuse_cancel',
      table: 'run_actions',
      on: 'INSERT',
      when: { action: 'cancel' },
      message: 'the store refuses cancellations',
    });
    await expect(weft.engine.cancel(first.runId, 'sent twice')).rejects.toThrow(/refuses cancellations/);
    // Memory agrees with the async store: the run still waits, holds its key, and the second run still waits its turn.
    expect((await weft.store.runs.run(first.runId))!.status).toBe('waiting_approval');
    expect(weft.engine.isActive(first.runId)).toBe(true);
    expect(weft.engine.waitingRuns('refused-cancel')).toBe(1);

    await weft.engine.decide(first.runId, 'approve', undefined);
    expect((await finished(weft, first.runId)).status).toBe('succeeded');
    expect((await stepRows(weft, first.runId)).post).toMatchObject({ status: 'succeeded' });
    await until(
      async () => (await weft.store.runs.run(second.runId))?.status === 'waiting_approval',
      'the second run to get its turn',
    );
    expect(weft.engine.waitingRuns('refused-cancel')).toBe(0);
  });

  it('steps committed while a cancellation is written go on when the store refuses it', async () => {
    const weft = await open();
    const plan = await deploy(
      weft,
      flow('refused-cancel-retry', { in: n.manual(), a: n.map("{ 'a': 1 }"), b: n.map("{ 'b': 1 }") }, ['in>a', 'a>b']),
    );
    await refuseRows(weft, {
      name: 'refuse_cancel',
      table: 'runs',
      on: 'UPDATE OF status',
      when: { status: 'cancelled' },
      message: 'the store refuses cancellations',
    });
    const { runId } = await start(weft, plan, {});
    // Cancelled while `a` executes: `a` is committed after the cancellation's write, which the store refuses.
    const cancelled = weft.engine.cancel(runId, 'by mistake');
    await expect(cancelled).rejects.toThrow(/refuses cancellations/);
    expect((await finished(weft, runId)).status).toBe('succeeded');
    expect((await stepRows(weft, runId)).b).toMatchObject({ status: 'succeeded' });
    await until(() => !weft.engine.isActive(runId), 'the run to leave memory');
  });
});
