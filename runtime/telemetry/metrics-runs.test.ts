import { describe, it, expect, beforeAll, afterAll, afterEach } from 'vitest';
import type { Weft } from '../weft.ts';
import { ManualClock } from '../engine/clock.ts';
import { HttpStub } from '../../test/support/http-stub.ts';
import { flow, n } from '../../test/support/flows.ts';
import { eventually } from '../../test/support/poll.ts';
import { client } from '../../test/support/api.ts';
import { testWeft, deploy, start, stepReaches } from '../../test/support/weft.ts';
import { parsePrometheusText, seriesValue, type Family } from '../../test/support/prometheus-text.ts';

/**
 * The metrics of a real runtime as GET /metrics serves them, read with a strict parser of the text
 * format: runs counted once by flow and status, connector calls against a loopback HTTP peer, steps by
 * kind, retries, circuits, the backlog and the store's group commits.
 */
const SCRAPE = 'scrape-token-for-the-tests-0123456789';
let stub: HttpStub;
let weft: Weft;

beforeAll(async () => {
  stub = await HttpStub.start();
});
afterAll(() => stub.close());
afterEach(() => weft.close(100));

type Metrics = Map<string, Family>;

async function scrape(): Promise<Metrics> {
  const res = await client(weft)('GET', '/metrics', undefined, { authorization: `Bearer ${SCRAPE}` });
  expect(res.status).toBe(200);
  return parsePrometheusText(res.body as string);
}

/** Scrapes until `ok` holds for the figures (the counters move as runs end, a moment after their rows). */
const scrapeUntil = (ok: (m: Metrics) => boolean, what: string) =>
  eventually(async () => {
    const m = await scrape();
    return ok(m) ? m : null;
  }, what);

const host = () => new URL(stub.url).host;
const runs = (m: Metrics, flowId: string, status: string) =>
  seriesValue(m, 'weft_runs_total', { flow: flowId, status });
const calls = (m: Metrics, connection: string, cls: string) =>
  seriesValue(m, 'weft_connector_calls_total', { connection, status_class: cls });

/** in (manual) → call (connector.http to the stub path the body names) */
const pathFlow = (id: string, extra: Record<string, unknown> = {}) =>
  deploy(
    weft,
    flow(id, { in: n.manual(), call: n.http(`=${JSON.stringify(`${stub.url}/`)} & path`, extra) }, ['in>call']),
  );

describe('GET /metrics on a runtime doing work', () => {
  it('counts each ended run once by flow and status, each connector call by host and class, each step by kind', async () => {
    weft = await testWeft({ config: { metricsToken: SCRAPE } });
    stub.respond('/ok', { status: 200 }).respond('/refused', { status: 422, body: { error: 'no' } });
    const plan = await pathFlow('metered');
    const before = await scrape();
    expect(runs(before, 'metered', 'succeeded') + runs(before, 'metered', 'failed')).toBe(0);

    for (const path of ['ok', 'refused', 'ok', 'refused', 'ok']) await start(weft, plan, { path });
    const after = await scrapeUntil(
      (m) => runs(m, 'metered', 'succeeded') + runs(m, 'metered', 'failed') >= 5,
      'five runs counted',
    );
    expect(runs(after, 'metered', 'succeeded')).toBe(3);
    expect(runs(after, 'metered', 'failed')).toBe(2);
    expect(calls(after, host(), '2xx')).toBe(3);
    expect(calls(after, host(), '4xx')).toBe(2);
    expect(calls(after, host(), '5xx') + calls(after, host(), 'error')).toBe(0);
    expect(seriesValue(after, 'weft_step_duration_seconds_count', { kind: 'connector.http' })).toBe(5);
    expect(seriesValue(after, 'weft_step_duration_seconds_count', { kind: 'trigger.manual' })).toBe(5);
    expect(seriesValue(after, 'weft_step_retries_total', { flow: 'metered' })).toBe(0);
    // Every step, run and trigger was committed in group commits of at least one write each.
    const batches = seriesValue(after, 'weft_commit_batch_size_count');
    expect(batches).toBeGreaterThan(seriesValue(before, 'weft_commit_batch_size_count'));
    expect(seriesValue(after, 'weft_commit_batch_size_sum')).toBeGreaterThanOrEqual(batches);
    expect(seriesValue(after, 'weft_commit_duration_seconds_count')).toBe(batches);
    expect(seriesValue(after, 'weft_runs_backlog', { state: 'running' })).toBe(0);

    // Nothing more happens: a later scrape shows the same counts (each run counted once).
    const later = await scrape();
    expect(runs(later, 'metered', 'succeeded')).toBe(3);
    expect(runs(later, 'metered', 'failed')).toBe(2);
  });

  it("counts a run with a loop once, and each of its body's steps", async () => {
    weft = await testWeft({ config: { metricsToken: SCRAPE } });
    const def = flow(
      'looped',
      { in: n.manual(), loop: { type: 'control.loop', config: { items: '=$' } }, double: n.map('item * 2') },
      ['in>loop'],
    );
    def.nodes.find((x) => x.id === 'double')!.parentId = 'loop';
    const plan = await deploy(weft, def);
    await start(weft, plan, [1, 2, 3]);
    const m = await scrapeUntil((x) => runs(x, 'looped', 'succeeded') >= 1, 'the run counted');
    expect(runs(m, 'looped', 'succeeded')).toBe(1);
    expect(seriesValue(m, 'weft_step_duration_seconds_count', { kind: 'map.jsonata' })).toBe(3);
    expect(runs(await scrape(), 'looped', 'succeeded')).toBe(1);
  });

  it('labels a call through a stored connection with the connection, and a run cancelled here once', async () => {
    weft = await testWeft({ config: { metricsToken: SCRAPE } });
    await weft.connections.create({ id: 'erp', name: 'ERP', baseUrl: stub.url, auth: { type: 'none' } });
    stub.respond('/held', 'hold');
    const plan = await deploy(
      weft,
      flow('via-erp', { in: n.manual(), call: n.http('/held', { connection: 'erp' }) }, ['in>call']),
    );
    const { runId } = await start(weft, plan, {});
    await stub.waitForCalls('/held', 1);
    const m = await scrape();
    expect(seriesValue(m, 'weft_runs_backlog', { state: 'running' })).toBe(1);
    await weft.runOperations.cancel(runId, 'not needed');
    stub.release('/held', { status: 200 });
    const after = await scrapeUntil((x) => calls(x, 'erp', '2xx') === 1, 'the call through erp counted');
    expect(runs(after, 'via-erp', 'cancelled')).toBe(1);
    expect(calls(after, host(), '2xx')).toBe(0);
    expect(seriesValue(after, 'weft_runs_backlog', { state: 'running' })).toBe(0);
  });

  it('counts a retry, shows the circuit open then closed, and the run waiting meanwhile', async () => {
    const clock = new ManualClock();
    weft = await testWeft({
      clock,
      random: () => 0.5,
      config: { metricsToken: SCRAPE, circuitFailures: 1, circuitCooldownMs: 500 },
    });
    stub.failTimes('/flaky', 1, { status: 503, body: { error: 'busy' } }).respond('/flaky', { status: 200 });
    const retry = { maxAttempts: 3, initialDelayMs: 1000, factor: 2, maxDelayMs: 60_000, jitter: 0 };
    const plan = await pathFlow('flaky', { retry });
    const { runId } = await start(weft, plan, { path: 'flaky' });
    await stepReaches(weft, runId, 'call', (s) => s.status === 'retrying', 'waiting to retry');

    const waiting = await scrapeUntil(
      (m) => seriesValue(m, 'weft_step_retries_total', { flow: 'flaky' }) === 1,
      'retry',
    );
    expect(seriesValue(waiting, 'weft_circuit_state', { host: host() })).toBe(2);
    expect(seriesValue(waiting, 'weft_runs_backlog', { state: 'waiting' })).toBe(1);
    expect(calls(waiting, host(), '5xx')).toBe(1);

    await clock.advanceSettled(1000);
    const done = await scrapeUntil((m) => runs(m, 'flaky', 'succeeded') === 1, 'the retried run counted');
    expect(seriesValue(done, 'weft_step_retries_total', { flow: 'flaky' })).toBe(1);
    expect(seriesValue(done, 'weft_circuit_state', { host: host() })).toBe(0);
    expect(calls(done, host(), '2xx')).toBe(1);
    expect(seriesValue(done, 'weft_runs_backlog', { state: 'waiting' })).toBe(0);
  });

  it('shows runs queued behind a concurrency limit beside the one running', async () => {
    weft = await testWeft({ config: { metricsToken: SCRAPE } });
    stub.respond('/one-at-a-time', 'hold');
    const def = flow('single', { in: n.manual(), call: n.http(`${stub.url}/one-at-a-time`) }, ['in>call']);
    const plan = await deploy(weft, { ...def, settings: { concurrency: 1 } });
    for (let i = 0; i < 3; i++) await start(weft, plan, { i });
    await stub.waitForCalls('/one-at-a-time', 1);
    const busy = await scrapeUntil((m) => seriesValue(m, 'weft_runs_backlog', { state: 'queued' }) === 2, 'two queued');
    expect(seriesValue(busy, 'weft_runs_backlog', { state: 'running' })).toBe(1);
    expect(seriesValue(busy, 'weft_runs_backlog', { state: 'waiting' })).toBe(0);
    for (let k = 1; k <= 3; k++) {
      await stub.waitForCalls('/one-at-a-time', k);
      await eventually(async () => stub.release('/one-at-a-time', { status: 200 }) > 0, `call ${k} released`);
    }
    const idle = await scrapeUntil((m) => runs(m, 'single', 'succeeded') === 3, 'three runs');
    for (const state of ['queued', 'running', 'waiting'])
      expect(seriesValue(idle, 'weft_runs_backlog', { state })).toBe(0);
  });
});
