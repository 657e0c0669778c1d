import { afterEach, describe, expect, it } from 'vitest';
import type { Weft } from '../weft.ts';
import { ManualClock } from '../engine/clock.ts';
import { testWeft, stepReaches } from '../../test/support/weft.ts';
import { flow, n } from '../../test/support/flows.ts';
import { eventually } from '../../test/support/poll.ts';
import { testRun } from './test-run.ts';

const opened: Weft[] = [];
afterEach(async () => {
  for (const w of opened.splice(0)) await w.close(100);
});

async function open(clock = new ManualClock()): Promise<Weft> {
  const w = await testWeft({ clock });
  opened.push(w);
  return w;
}

/** A draft as the designer saves it (test runs need no published version). */
async function draft(weft: Weft, def: ReturnType<typeof flow>) {
  return (await weft.flows.create(def)).definition;
}

const approvalDraft = flow(
  'needs-approval',
  {
    in: n.manual(),
    ask: { type: 'control.approval', config: { prompt: '="Post invoice " & id & "?"' } },
    post: n.map("{ 'posted': id }"),
  },
  ['in>ask', 'ask:approved>post'],
);

const delayDraft = (forMs: number) =>
  flow(
    `delay-${forMs}`,
    {
      in: n.manual(),
      wait: { type: 'control.delay', config: { forMs } },
      after: n.map("{ 'sent': id }"),
    },
    ['in>wait', 'wait>after'],
  );

// The default test timeout is far below the test run's own 120 s limit: a test run that does not answer when it pauses fails here.
describe('test runs of drafts that pause', { timeout: 10_000 }, () => {
  it('answers as soon as the run waits for an approval, with the steps so far', async () => {
    const weft = await open();
    const run = await testRun(weft, await draft(weft, approvalDraft), { input: { id: 'INV-7' } });
    expect(run.status).toBe('waiting_approval');
    expect(run.mode).toBe('test');
    expect(run.steps!.map((s) => [s.nodeId, s.status])).toEqual([
      ['in', 'succeeded'],
      ['ask', 'waiting'],
    ]);
    expect(run.steps!.find((s) => s.nodeId === 'ask')!.output).toEqual({ approval: { prompt: 'Post invoice INV-7?' } });
    // The run goes on when an operator decides.
    await weft.engine.decide(run.id, 'approve', 'fine');
    expect((await weft.engine.waitFor(run.id, 5000, 'finish'))!.status).toBe('succeeded');
  });

  it('answers as soon as the run waits for a long delay', async () => {
    const clock = new ManualClock();
    const weft = await open(clock);
    const run = await testRun(weft, await draft(weft, delayDraft(3_600_000)), { input: { id: 'R-1' } });
    expect(run.status).toBe('running');
    expect(run.finishedAt).toBeNull();
    expect(run.steps!.find((s) => s.nodeId === 'wait')).toMatchObject({
      status: 'waiting',
      nextAttemptAt: clock.now() + 3_600_000,
    });
    expect(run.steps!.find((s) => s.nodeId === 'after')).toBeUndefined();
  });

  it('waits out a short delay and answers with the finished run', async () => {
    const clock = new ManualClock();
    const weft = await open(clock);
    const pending = testRun(weft, await draft(weft, delayDraft(1000)), { input: { id: 'R-2' } });
    const runId = await eventually(
      async () => (await weft.store.runs.runsWithStatus('running'))[0]?.id,
      'the test run to start',
      5000,
      2,
    );
    await stepReaches(weft, runId, 'wait', (s) => s.status === 'waiting', 'the delay to start');
    // The row may be seen (PostgreSQL) before the engine, told of its commit, has set the delay's timer.
    await eventually(
      async () => {
        clock.advance(1000);
        return (await weft.store.runs.run(runId))?.status === 'succeeded';
      },
      'the delay to end and the run to finish',
      5000,
      2,
    );
    const run = await pending;
    expect(run.status).toBe('succeeded');
    expect(run.steps!.find((s) => s.nodeId === 'after')!.output).toEqual({ sent: 'R-2' });
  });
});
