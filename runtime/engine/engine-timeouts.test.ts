import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Weft } from '../weft.ts';
import { ManualClock } from './clock.ts';
import { testWeft, deploy, start, stepReaches, stepRows } from '../../test/support/weft.ts';
import { flow, n } from '../../test/support/flows.ts';
import { HttpStub } from '../../test/support/http-stub.ts';
import { until } from '../../test/support/poll.ts';

let weft: Weft;
let stub: HttpStub;
const clock = new ManualClock();

beforeAll(async () => {
  stub = await HttpStub.start();
  stub.respond('/hang', 'hang');
  stub.respond('/down', { status: 503 });
  weft = await testWeft({ clock });
});
afterAll(async () => {
  await weft.close(100);
  await stub.close();
});

describe('timeouts', () => {
  it('a step past its stepTimeoutMs fails that attempt with step_timeout and is retried like a network error', async () => {
    const plan = await deploy(
      weft,
      flow(
        'slow-step',
        {
          in: n.manual(),
          call: n.http(`${stub.url}/hang`, {
            stepTimeoutMs: 500,
            retry: { maxAttempts: 2, initialDelayMs: 100, maxDelayMs: 100, jitter: 0 },
          }),
        },
        ['in>call'],
      ),
    );
    const { runId } = await start(weft, plan, {});
    await stub.waitForCalls('/hang', 1);
    clock.advance(500);
    const waiting = await stepReaches(
      weft,
      runId,
      'call',
      (s) => s.status === 'retrying',
      'the timed-out attempt to wait for a retry',
    );
    expect(JSON.parse(waiting.error!)).toMatchObject({
      code: 'step_timeout',
      retryable: true,
      message: 'step "call" took longer than its 500 ms limit',
    });
    await until(() => (clock.advance(100), stub.calls('/hang').length >= 2), 'the second attempt');
    clock.advance(500);
    const row = await until(async () => {
      const r = (await weft.store.runs.run(runId))!;
      return r.status !== 'running' ? r : null;
    }, 'the run to fail');
    expect(row.status).toBe('failed');
    expect((await stepRows(weft, runId)).call).toMatchObject({ status: 'failed', attempts: 2 });
  });

  it('a run past its flow’s runTimeoutMs ends timed_out and makes no further attempts', async () => {
    const plan = await deploy(weft, {
      ...flow(
        'slow-run',
        {
          in: n.manual(),
          call: n.http(`${stub.url}/down`, {
            retry: { maxAttempts: 10, initialDelayMs: 20_000, maxDelayMs: 20_000, jitter: 0 },
          }),
        },
        ['in>call'],
      ),
      settings: { runTimeoutMs: 50_000 },
    });
    const { runId } = await start(weft, plan, {});
    await stepReaches(weft, runId, 'call', (s) => s.status === 'retrying', 'the first retry');
    // Attempts at 0, 20 and 40 s, the deadline at 50 s. Time moves only while no attempt is in flight
    // (the step's next attempt lies ahead), so the deadline never races an attempt.
    await until(async () => {
      const step = (await stepRows(weft, runId)).call;
      if (step.status === 'retrying' && step.nextAttemptAt! > clock.now()) await clock.advanceSettled(10_000);
      return (await weft.store.runs.run(runId))!.status !== 'running';
    }, 'the deadline');
    const row = (await weft.store.runs.run(runId))!;
    expect(row.status).toBe('timed_out');
    expect(JSON.parse(row.error!)).toMatchObject({
      code: 'run_timed_out',
      message: "the run took longer than its flow's 50000 ms limit",
    });
    expect((await stepRows(weft, runId)).call).toMatchObject({ status: 'failed' });
    const calls = stub.calls('/down').length;
    expect(calls).toBe(3);
    // The timed-out run leaves the engine once its end has committed: no further attempt can start,
    // however long the clock runs.
    await until(() => !weft.engine.isActive(runId), 'the timed-out run to leave the engine');
    await clock.advanceSettled(600_000);
    expect(weft.engine.stepsInFlight(runId)).toEqual([]);
    expect(stub.calls('/down').length).toBe(calls);
  });
});
