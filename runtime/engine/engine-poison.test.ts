import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Weft } from '../weft.ts';
import type { HttpClient } from '../../nodes/define-node.ts';
import { ManualClock } from './clock.ts';
import { HttpStub } from '../../test/support/http-stub.ts';
import { testWeft, deploy, start, finished, stepReaches, stepRows } from '../../test/support/weft.ts';
import { flow, n } from '../../test/support/flows.ts';
import { until } from '../../test/support/poll.ts';

/** A downstream that never answers: each "process" is stopped while the step is in flight. */
let calls = 0;
const hanging: HttpClient = {
  request: () => {
    calls++;
    return new Promise(() => undefined);
  },
};
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('poison steps', () => {
  it('a step in flight at every stop is failed with the reason after the configured number of restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-poison-'));
    dirs.push(dir);
    const open = (): Promise<Weft> =>
      testWeft({ http: hanging, guard: false, config: { dataDir: dir, poisonRestarts: 3 } });
    let weft = await open();
    const plan = await deploy(
      weft,
      flow('crashy', { in: n.manual(), call: n.http('http://127.0.0.1:9/never'), after: n.map('$') }, [
        'in>call',
        'call>after',
      ]),
    );
    calls = 0;
    const { runId } = await start(weft, plan, { id: 1 });
    // The process "dies" with the step in flight (closing drops it: no row), twice: the step is started again each time.
    for (let restart = 1; restart <= 2; restart++) {
      await until(() => calls === restart, `the call to be in flight (attempt ${restart})`);
      await weft.close(10);
      weft = await open();
      expect((await weft.store.runs.run(runId))!.status).toBe('running');
      expect((await stepRows(weft, runId)).call).toBeUndefined();
    }
    await until(() => calls === 3, 'the call to be in flight (attempt 3)');
    await weft.close(10);
    weft = await open();
    await until(async () => (await weft.store.runs.run(runId))!.status !== 'running', 'the poisoned run to fail');
    const row = (await weft.store.runs.run(runId))!;
    expect(row.status).toBe('failed');
    expect(JSON.parse(row.error!)).toMatchObject({
      code: 'poison',
      nodeId: 'call',
      message: expect.stringMatching(/stopped 3 times while step "call" was executing/),
    });
    expect((await stepRows(weft, runId)).after).toBeUndefined();
    await weft.close(10);
  });

  it('does not count restarts during which a step was only due: a run waiting for its turn survives three deploys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-poison-'));
    dirs.push(dir);
    const clock = new ManualClock();
    const open = (): Promise<Weft> => testWeft({ clock, config: { dataDir: dir, poisonRestarts: 3 } });
    let weft = await open();
    const def = flow(
      'one-at-a-time',
      { in: n.manual(), wait: { type: 'control.delay', config: { forMs: 3_600_000 } }, after: n.map("{ 'sent': id }") },
      ['in>wait', 'wait>after'],
    );
    const plan = await deploy(weft, { ...def, settings: { concurrency: 1 } });
    // The first run holds the flow's only slot while its delay waits; the second waits for its turn, its "wait" step due but not started.
    const first = await start(weft, plan, { id: 1 });
    await stepReaches(weft, first.runId, 'wait', (s) => s.status === 'waiting', 'the first run to wait');
    const second = await start(weft, plan, { id: 2 });
    await until(() => weft.engine.waitingRuns('one-at-a-time') === 1, 'the second run to wait for its turn');
    for (let restart = 1; restart <= 3; restart++) {
      await weft.close(10);
      weft = await open();
      await until(
        () => weft.engine.waitingRuns('one-at-a-time') === 1,
        `the second run to wait for its turn after restart ${restart}`,
      );
    }
    expect((await weft.store.runs.run(second.runId))!.status).toBe('running');
    expect((await stepRows(weft, second.runId)).wait).toBeUndefined();

    // Its turn comes when the first run ends; its step runs normally.
    await weft.engine.cancel(first.runId, 'make room');
    await stepReaches(
      weft,
      second.runId,
      'wait',
      (s) => s.status === 'waiting',
      'the second run to start once the slot is free',
    );
    await weft.close(10);
  });

  it('does not count a restart against a step made ready while the process was stopping', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-poison-'));
    dirs.push(dir);
    const stub = await HttpStub.start();
    try {
      const open = (): Promise<Weft> =>
        testWeft({ config: { dataDir: dir, poisonRestarts: 1, egressAllow: ['127.0.0.1'] } });
      let weft = await open();
      stub.respond('/slow', 'hold');
      const plan = await deploy(
        weft,
        flow('drain', { in: n.manual(), call: n.http(`${stub.url}/slow`), after: n.map("{ 'done': true }") }, [
          'in>call',
          'call>after',
        ]),
      );
      const { runId } = await start(weft, plan, { id: 3 });
      await stub.waitForCalls('/slow', 1);
      // A deploy: the call in flight finishes within the grace period; "after" becomes ready but is not started.
      const closing = weft.close(5000);
      expect(stub.release('/slow', { status: 200, body: { ok: true } })).toBe(1);
      await closing;

      weft = await open();
      const run = await finished(weft, runId);
      expect(run.status, run.error ?? '').toBe('succeeded');
      await weft.close(10);
    } finally {
      await stub.close();
    }
  });
});
