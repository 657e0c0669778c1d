import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Weft } from '../weft.ts';
import type { Logger } from '../logger.ts';
import { ManualClock } from './clock.ts';
import { flow, n } from '../../test/support/flows.ts';
import { HttpStub } from '../../test/support/http-stub.ts';
import { until } from '../../test/support/poll.ts';
import { deploy, finished, start, testWeft } from '../../test/support/weft.ts';

/**
 * A worker that was taken for dead (frozen past its lease) may still hold the result of a step it had
 * started. Once another worker has taken the run over, that late result is refused by the store: the
 * step and run writes of a run are made only while their worker still owns the run (runs.owner), so
 * the run's rows stay those of the worker that owns it, and the late worker lets the run go.
 */
const LEASE_MS = 1000;
const opened: Weft[] = [];
let dir = '';
let stub: HttpStub | null = null;
afterEach(async () => {
  for (const w of opened.splice(0)) await w.close(0).catch(() => undefined);
  await stub?.close();
  stub = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

interface Line {
  msg: string;
  data?: Record<string, unknown>;
}

function recordingLogger(lines: Line[]): Logger {
  const at = (msg: string, data?: Record<string, unknown>) => void lines.push({ msg, data });
  const logger: Logger = { debug: at, info: at, warn: at, error: at, child: () => logger };
  return logger;
}

/** A worker on the shared database (the data folder's SQLite file, or the PostgreSQL database that stands for it). */
async function worker(workerId: string, clock: ManualClock, logger?: Logger): Promise<Weft> {
  const w = await testWeft({ clock, logger, config: { dataDir: dir, workerId, leaseMs: LEASE_MS } });
  opened.push(w);
  return w;
}

describe('engine: a late step commit from a worker that lost the run', () => {
  it('is refused once another worker has taken the run over: the rows are the new owner’s and the late worker lets the run go', async () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-fencing-'));
    stub = await HttpStub.start();
    // The first request (worker A's) is held; the one worker B sends after taking over is answered at once.
    stub.failTimes('/call', 1, 'hold').respond('/call', { status: 200, body: { by: 'worker-b' } });
    // Each worker sees its own time: A's stands still, as in a process frozen while its call was out.
    const clockA = new ManualClock();
    const clockB = new ManualClock();
    const linesA: Line[] = [];
    const a = await worker('worker-a', clockA, recordingLogger(linesA));
    const plan = await deploy(
      a,
      flow('fenced', { in: n.manual(), call: n.http(`${stub.url}/call`), after: n.map("{ 'got': by }") }, [
        'in>call',
        'call>after',
      ]),
    );
    const { runId } = await start(a, plan, { order: 'O-1' });
    await stub.waitForCalls('/call', 1);

    // A's lease runs out on B's clock: B takes the run over, calls again (same key) and finishes it.
    const b = await worker('worker-b', clockB);
    await clockB.advanceSettled(LEASE_MS + LEASE_MS / 2);
    const run = await finished(b, runId);
    expect(run).toMatchObject({ status: 'succeeded', owner: 'worker-b' });
    const calls = await stub.waitForCalls('/call', 2);
    expect(calls.map((c) => c.idempotencyKey)).toEqual([`${runId}:call`, `${runId}:call`]);
    const rowsOfB = await b.store.runs.steps(runId);
    expect(Object.fromEntries(rowsOfB.map((s) => [s.nodeId, s.status]))).toEqual({
      in: 'succeeded',
      call: 'succeeded',
      after: 'succeeded',
    });
    const runOfB = await b.store.runs.run(runId);

    // A's held call answers now. A, which has not looked at its lease since, tries to commit the step.
    stub.release('/call', { status: 200, body: { by: 'worker-a' } });
    await until(() => !a.engine.isActive(runId), 'worker A to be done with the run');

    // Nothing of A's late result reached the store: the run and its steps are B's, untouched.
    expect(await b.store.runs.run(runId)).toEqual(runOfB);
    const rowsAfter = await b.store.runs.steps(runId);
    expect(rowsAfter).toHaveLength(3);
    expect(rowsAfter.sort((x, y) => x.nodeId.localeCompare(y.nodeId))).toEqual(
      rowsOfB.sort((x, y) => x.nodeId.localeCompare(y.nodeId)),
    );
    expect(JSON.parse(rowsAfter.find((s) => s.nodeId === 'after')!.output!)).toEqual({ got: 'worker-b' });
    // A did not go on with the run: no step after the call started there.
    expect(stub.calls('/call')).toHaveLength(2);
    expect(a.engine.stepsInFlight(runId)).toEqual([]);
    expect(linesA.filter((l) => l.data?.runId === runId).map((l) => l.msg)).toContain(
      'another worker took this run over',
    );
  });
});
