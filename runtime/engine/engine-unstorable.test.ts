import { writeCrashedRun } from '../../test/support/crashed-run.ts';
import { describe, it, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Weft } from '../weft.ts';
import { HttpStub } from '../../test/support/http-stub.ts';
import { flow, n } from '../../test/support/flows.ts';
import { testWeft, deploy, start, finished, stepRows } from '../../test/support/weft.ts';
import { until } from '../../test/support/poll.ts';
import { beforeStepWrite, refuseRows } from '../../test/support/refuse-writes.ts';

let stub: HttpStub;
const opened: Weft[] = [];

beforeAll(async () => {
  stub = await HttpStub.start();
});
afterAll(() => stub.close());
afterEach(async () => {
  for (const w of opened.splice(0)) await w.close(100);
});

async function open(): Promise<Weft> {
  const w = await testWeft({ config: { egressAllow: ['127.0.0.1'] } });
  opened.push(w);
  return w;
}

/** trigger → call (connector.http to `path`) → after */
const callFlow = (id: string, path: string) =>
  flow(id, { in: n.manual(), call: n.http(`${stub.url}${path}`), after: n.map("{ 'done': true }") }, [
    'in>call',
    'call>after',
  ]);

describe('engine: step results that cannot be stored', () => {
  it('fails the step and the run when a downstream answers JSON nested 100,000 levels deep', async () => {
    const depth = 100_000;
    stub.respond('/deep', { status: 200, body: '['.repeat(depth) + ']'.repeat(depth) });
    const weft = await open();
    const plan = await deploy(weft, callFlow('deep-answer', '/deep'));
    const { runId } = await start(weft, plan, { id: 1 });

    const run = await finished(weft, runId);
    expect(run.status).toBe('failed');
    const error = JSON.parse(run.error!);
    expect(error.nodeId).toBe('call');
    expect(error.message).toContain('"call"');
    expect((await stepRows(weft, runId)).call).toMatchObject({ status: 'failed' });
    expect((await stepRows(weft, runId)).after).toBeUndefined();
    await until(() => !weft.engine.isActive(runId), 'the failed run to leave memory');
  });

  it('names the step and the depth when an output nests deeper than can be stored', async () => {
    const deep: unknown[] = [];
    let at = deep;
    for (let i = 0; i < 2000; i++) {
      const inner: unknown[] = [];
      at.push(inner);
      at = inner;
    }
    const weft = await open();
    const plan = await deploy(
      weft,
      flow('deep-output', { in: n.manual(), shape: n.map("{ 'wrapped': $ }"), after: n.map('1') }, [
        'in>shape',
        'shape>after',
      ]),
    );
    // Started on the engine directly: the API would refuse such a body at the edge.
    const { runId } = await start(weft, plan, { nested: deep });

    const run = await finished(weft, runId);
    expect(run.status).toBe('failed');
    expect(JSON.parse(run.error!)).toMatchObject({
      code: 'unstorable_output',
      nodeId: 'shape',
      retryable: false,
      message: expect.stringMatching(/output of step "shape".*deeper than 1000 levels/),
    });
  });

  it('fails the run instead of leaving it running when a step commit is refused by the store', async () => {
    const weft = await open();
    const plan = await deploy(weft, callFlow('refused-write', '/fine'));
    beforeStepWrite(
      weft,
      (row) => row.nodeId === 'call' && row.status === 'succeeded',
      () => {
        throw new Error('disk I/O error');
      },
    );
    const { runId } = await start(weft, plan, { id: 2 });

    const run = await finished(weft, runId);
    expect(run.status).toBe('failed');
    expect(JSON.parse(run.error!)).toMatchObject({
      code: 'commit_failed',
      nodeId: 'call',
      message: expect.stringContaining('disk I/O error'),
    });
    expect((await stepRows(weft, runId)).call).toMatchObject({ status: 'failed' });
    await until(() => !weft.engine.isActive(runId), 'the run to leave memory');
  });

  it('lets a resumed run whose end the store refuses leave memory; the next start records its end', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'weft-unstorable-'));
    try {
      const first = await testWeft({ config: { dataDir } });
      const plan = await deploy(
        first,
        flow('end-refused', { in: n.manual(), map: n.map("{ 'ok': true }") }, ['in>map']),
      );
      const runId = 'run_endrefused0001';
      // What a stop between a run's last step and the record of its end leaves: every step committed, the run still running.
      await writeCrashedRun(
        first.store,
        { id: runId, flowId: 'end-refused', version: plan.version, trigger: { body: {} }, triggerBody: null },
        { in: '{"$weftRef":"trigger"}', map: '{"ok":true}' },
      );
      // The database will refuse to record the run's end, from the next start on.
      const mend = await refuseRows(first, {
        name: 'refuse_run_end',
        table: 'runs',
        on: 'UPDATE OF status',
        when: { status: 'succeeded' },
        message: 'disk I/O error',
      });
      await first.close(10);

      const second = await testWeft({ config: { dataDir } });
      opened.push(second);
      await until(() => !second.engine.isActive(runId), 'the run to leave memory although its end was refused');
      expect((await second.store.runs.run(runId))!.status).toBe('running');
      await mend(second);
      await second.close(10);
      opened.pop();

      const third = await testWeft({ config: { dataDir } });
      opened.push(third);
      expect((await finished(third, runId)).status).toBe('succeeded');
    } finally {
      for (const w of opened.splice(0)) await w.close(10);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
