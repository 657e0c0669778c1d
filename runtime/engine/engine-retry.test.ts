import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from 'vitest';
import type { Weft } from '../weft.ts';
import { ManualClock } from './clock.ts';
import { HttpStub } from '../../test/support/http-stub.ts';
import { flow, n } from '../../test/support/flows.ts';
import { until } from '../../test/support/poll.ts';
import {
  testWeft,
  deploy,
  start,
  finished,
  stepReaches,
  stepRows,
  viewOf,
  recordingHttp,
} from '../../test/support/weft.ts';

let stub: HttpStub;
let weft: Weft;
let clock: ManualClock;
let http: ReturnType<typeof recordingHttp>;

beforeAll(async () => {
  stub = await HttpStub.start();
});
afterAll(() => stub.close());
beforeEach(async () => {
  clock = new ManualClock();
  http = recordingHttp();
  // random() = 0.5 puts every delay exactly in the middle of its jitter band.
  weft = await testWeft({ clock, http, random: () => 0.5 });
});
afterEach(async () => {
  await weft.close(100);
  await http.close();
});

const retry = { maxAttempts: 5, initialDelayMs: 1000, factor: 2, maxDelayMs: 60_000, jitter: 0.2 };

/** trigger → prepare (map) → call (connector.http to `path`) */
function callFlow(id: string, path: string, extra: Record<string, unknown> = {}) {
  return deploy(
    weft,
    flow(
      id,
      {
        in: n.manual(),
        prepare: n.map("{ 'order': id }"),
        call: n.http(`${stub.url}${path}`, { retry, ...extra }),
      },
      ['in>prepare', 'prepare>call'],
    ),
  );
}

const startedTo = (path: string) => http.started.filter((r) => r.url.endsWith(path)).length;

/**
 * Advances the manual clock and returns the run's steps in flight once the retry scheduler has looked at
 * the store: a retry that came due has been started by then (its request is still on its way), so they
 * say whether an attempt started.
 */
async function advance(runId: string, ms: number): Promise<string[]> {
  await clock.advanceSettled(ms);
  return weft.engine.stepsInFlight(runId);
}

/** Waits (bounded) until `n` requests to `path` have been made. */
const requested = (path: string, n: number) =>
  until(() => startedTo(path) === n, `${n} requests to ${path} (have ${startedTo(path)})`);

describe('engine: retries with a manual clock', () => {
  it('retries a 503 twice with exponential, jittered backoff, then succeeds', async () => {
    stub.failTimes('/flaky', 2, { status: 503, body: { error: 'busy' } });
    const plan = await callFlow('flaky', '/flaky');
    const t0 = clock.now();
    const { runId } = await start(weft, plan, { id: 'A-1' });

    const r1 = await stepReaches(
      weft,
      runId,
      'call',
      (s) => s.status === 'retrying' && s.attempts === 1,
      'retrying after attempt 1',
    );
    // initialDelay 1000 ms, jitter 0.2: the band is 800..1000 ms, random 0.5 gives 900.
    expect(r1.nextAttemptAt! - t0).toBeGreaterThanOrEqual(800);
    expect(r1.nextAttemptAt! - t0).toBeLessThanOrEqual(1000);
    expect(r1.nextAttemptAt! - t0).toBe(900);
    expect(startedTo('/flaky')).toBe(1);

    expect(await advance(runId, 799), 'no second attempt before the lower jitter bound').toEqual([]);
    expect(await advance(runId, 100), 'no second attempt 1 ms before its due time').toEqual([]);
    expect(await advance(runId, 1), 'second attempt once its time has come').toEqual(['call']);
    await requested('/flaky', 2);
    await stub.waitForCalls('/flaky', 2);

    const r2 = await stepReaches(
      weft,
      runId,
      'call',
      (s) => s.status === 'retrying' && s.attempts === 2,
      'retrying after attempt 2',
    );
    // Third attempt: 2000 ms, band 1600..2000, random 0.5 gives 1800.
    expect(r2.nextAttemptAt! - clock.now()).toBe(1800);
    expect(await advance(runId, 1799)).toEqual([]);
    expect(startedTo('/flaky')).toBe(2);
    expect(await advance(runId, 1)).toEqual(['call']);
    await requested('/flaky', 3);

    const run = await finished(weft, runId);
    expect(run.status, run.error ?? '').toBe('succeeded');
    const step = (await viewOf(weft, runId)).steps!.find((s) => s.nodeId === 'call')!;
    expect(step).toMatchObject({ status: 'succeeded', attempts: 3, error: null });
    expect(step.attemptErrors).toHaveLength(2);
    expect(step.attemptErrors.map((e) => e.code)).toEqual(['http_server_error', 'http_server_error']);
    expect(step.attemptErrors[0]).toMatchObject({ retryable: true, details: { status: 503 } });
  });

  it('waits at least Retry-After (7 s) after a 429', async () => {
    stub.failTimes('/limited', 1, { status: 429, headers: { 'retry-after': '7' } });
    const plan = await callFlow('limited', '/limited');
    const t0 = clock.now();
    const { runId } = await start(weft, plan, { id: 'A-2' });
    const r1 = await stepReaches(weft, runId, 'call', (s) => s.status === 'retrying', 'retrying after the 429');
    expect(r1.nextAttemptAt! - t0).toBe(7000);
    expect(JSON.parse(r1.error!)).toMatchObject({ code: 'rate_limited', retryAfterMs: 7000 });

    expect(await advance(runId, 6999), 'no attempt before Retry-After has passed').toEqual([]);
    expect(startedTo('/limited')).toBe(1);
    expect(await advance(runId, 1)).toEqual(['call']);
    await requested('/limited', 2);
    expect((await finished(weft, runId)).status).toBe('succeeded');
  });

  it('fails the run after maxAttempts, keeping the error with its node id and the failing step input', async () => {
    stub.respond('/down', { status: 503, body: { error: 'down' } });
    const plan = await callFlow('exhaust', '/down', { retry: { ...retry, maxAttempts: 3 } });
    const { runId } = await start(weft, plan, { id: 'A-3' });
    for (let attempt = 1; attempt <= 2; attempt++) {
      const s = await stepReaches(weft, runId, 'call', (x) => x.attempts === attempt, `attempt ${attempt} recorded`);
      expect(await advance(runId, s.nextAttemptAt! - clock.now())).toEqual(['call']);
    }
    const run = await finished(weft, runId);
    expect(run.status).toBe('failed');
    expect(startedTo('/down')).toBe(3);
    expect(JSON.parse(run.error!)).toMatchObject({
      nodeId: 'call',
      code: 'http_server_error',
      details: { status: 503 },
    });

    const step = (await viewOf(weft, runId)).steps!.find((s) => s.nodeId === 'call')!;
    expect(step).toMatchObject({
      status: 'failed',
      attempts: 3,
      input: { order: 'A-3' },
      error: { code: 'http_server_error' },
    });
    expect(step.attemptErrors.length).toBeGreaterThanOrEqual(2);
    expect((await viewOf(weft, runId)).error).toMatchObject({ nodeId: 'call' });
  });

  it('does not retry a 4xx answer', async () => {
    stub.respond('/reject', { status: 422, body: { error: 'bad order' } });
    const plan = await callFlow('no-retry', '/reject');
    const { runId } = await start(weft, plan, { id: 'A-4' });
    const run = await finished(weft, runId);
    expect(run.status).toBe('failed');
    expect((await stepRows(weft, runId)).call).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: null });
    expect(JSON.parse(run.error!)).toMatchObject({ nodeId: 'call', code: 'http_client_error', retryable: false });
    // The failed run leaves the engine once its end has committed: nothing of it can start again, however
    // long the clock runs.
    await until(() => !weft.engine.isActive(runId), 'the failed run to leave the engine');
    expect(await advance(runId, 3_600_000)).toEqual([]);
    expect(stub.calls('/reject')).toHaveLength(1);
  });
});

describe('engine: idempotency keys', () => {
  it('sends the same Idempotency-Key on every attempt of a step', async () => {
    stub.failTimes('/idem', 2, { status: 500 });
    const plan = await callFlow('idem', '/idem');
    const { runId } = await start(weft, plan, { id: 'A-5' });
    for (let attempt = 1; attempt <= 2; attempt++) {
      const s = await stepReaches(
        weft,
        runId,
        'call',
        (x) => x.attempts === attempt && x.status === 'retrying',
        `attempt ${attempt} recorded`,
      );
      expect(await advance(runId, s.nextAttemptAt! - clock.now())).toEqual(['call']);
    }
    expect((await finished(weft, runId)).status).toBe('succeeded');
    const keys = stub.calls('/idem').map((r) => r.idempotencyKey);
    expect(keys).toEqual([`${runId}:call`, `${runId}:call`, `${runId}:call`]);
  });

  it('uses config.idempotencyKey (an expression here) on every attempt when set', async () => {
    stub.failTimes('/idem-own', 1, { status: 503 });
    const plan = await callFlow('idem-own', '/idem-own', { idempotencyKey: "='order-' & order" });
    const { runId } = await start(weft, plan, { id: 'A-6' });
    const s = await stepReaches(weft, runId, 'call', (x) => x.status === 'retrying', 'retrying');
    expect(await advance(runId, s.nextAttemptAt! - clock.now())).toEqual(['call']);
    expect((await finished(weft, runId)).status).toBe('succeeded');
    expect(stub.calls('/idem-own').map((r) => r.idempotencyKey)).toEqual(['order-A-6', 'order-A-6']);
  });
});

describe('engine: retrying a failed run', () => {
  it('resumes from the failed step after the peer is fixed; completed steps do not run again', async () => {
    stub.respond('/crm', { status: 200, body: { crm: 'ok' } });
    stub.respond('/erp', { status: 503, body: { error: 'maintenance' } });
    const plan = await deploy(
      weft,
      flow(
        'retry-run',
        {
          in: n.manual(),
          crm: n.http(`${stub.url}/crm`),
          erp: n.http(`${stub.url}/erp`, { retry: { maxAttempts: 1 } }),
          done: n.map("{ 'erp': $, 'crm': $steps.crm }"),
        },
        ['in>crm', 'crm>erp', 'erp>done'],
      ),
    );
    const { runId } = await start(weft, plan, { id: 'A-7' });
    const failed = await finished(weft, runId);
    expect(failed.status).toBe('failed');
    expect(JSON.parse(failed.error!)).toMatchObject({ nodeId: 'erp' });
    expect(stub.calls('/crm')).toHaveLength(1);
    expect(stub.calls('/erp')).toHaveLength(1);

    stub.respond('/erp', { status: 201, body: { project: 'P-1' } });
    await weft.engine.retryFailed(runId);
    await advance(runId, 0);
    const run = await finished(weft, runId);
    expect(run.status, run.error ?? '').toBe('succeeded');
    expect(run.error).toBeNull();
    expect(stub.calls('/crm'), 'the completed crm step is not executed again').toHaveLength(1);
    expect(stub.calls('/erp')).toHaveLength(2);
    expect(stub.calls('/erp').map((r) => r.idempotencyKey)).toEqual([`${runId}:erp`, `${runId}:erp`]);
    const rows = await stepRows(weft, runId);
    expect(rows.erp).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(JSON.parse(rows.done.output!)).toEqual({ erp: { project: 'P-1' }, crm: { crm: 'ok' } });
    await expect(weft.engine.retryFailed(runId)).rejects.toMatchObject({ code: 'conflict' });
  });
});
