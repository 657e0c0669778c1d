import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../runtime/engine/clock.ts';
import type { Weft } from '../../runtime/weft.ts';
import { client } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';
import { HttpStub } from '../support/http-stub.ts';
import { until } from '../support/poll.ts';
import { deploy, finished, start, stepReaches, testWeft } from '../support/weft.ts';
import { attempted, incidents, invoiceFlow, ruleWithChannel, runner } from '../support/alerts.ts';

const MIN = 60_000;
const DAY = 86_400_000;

/**
 * The rules evaluated on the periodic tick (every minute here, on a manual clock) and the SLA of a run,
 * each notifying a webhook on loopback when its condition starts to hold and when it clears.
 */
describe('alert rules over time', () => {
  let clock: ManualClock;
  let weft: Weft;
  let call: ReturnType<typeof client>;
  let stub: HttpStub;

  beforeEach(async () => {
    clock = new ManualClock();
    stub = await HttpStub.start();
    weft = await testWeft({
      clock,
      config: {
        alertIntervalMs: MIN,
        leaseMs: 7 * DAY,
        retentionIntervalMin: 0,
        circuitFailures: 1,
        circuitCooldownMs: 6 * MIN,
      },
    });
    call = client(weft);
  });
  afterEach(async () => {
    await weft.close(0);
    await stub.close();
  });

  const notify = (rule: Record<string, unknown>) =>
    ruleWithChannel(
      call,
      { kind: 'webhook', name: 'Ops', settings: { url: `${stub.url}/alerts`, secret: 'alert-signing-secret-0123' } },
      rule,
    );
  const events = () => stub.calls('/alerts').map((c) => `${JSON.parse(c.body).event}: ${JSON.parse(c.body).summary}`);
  const heard = (count: number) => until(() => stub.calls('/alerts').length >= count, `${count} notification(s)`);

  it('failure_rate: opens when more runs fail than allowed in the window, resolves when the window moves on', async () => {
    const invoices = await runner(weft, invoiceFlow('invoices', { criticality: 'high' }));
    await notify({
      kind: 'failure_rate',
      name: 'Invoices unreliable',
      condition: { minCriticality: 'high', thresholdPercent: 50, windowMinutes: 10, minRuns: 3 },
    });
    await invoices('INV-1', true);
    await invoices('INV-2', true);
    await clock.advanceSettled(MIN);
    expect(stub.calls('/alerts'), 'two runs are fewer than minRuns').toHaveLength(0);
    await invoices('INV-3', false);
    await clock.advanceSettled(MIN);
    await heard(1);
    expect(events()).toEqual([
      'opened: Failure rate 66.7% over 10 min: Test flow invoices (2 of 3 runs failed; limit 50%)',
    ]);
    await clock.advanceSettled(10 * MIN);
    await heard(2);
    expect(events()[1]).toMatch(/^resolved: /);
  });

  it('circuit_open: pending while open for less than the minutes, notified after, resolved when it closes', async () => {
    stub.respond('/erp', { status: 500, body: 'ERP down' });
    const plan = await deploy(
      weft,
      flow('erp-sync', { in: n.manual(), call: n.http(`${stub.url}/erp`, { retry: { maxAttempts: 1 } }) }, ['in>call']),
    );
    await notify({ kind: 'circuit_open', name: 'ERP unreachable', condition: { minutes: 5 } });
    await finished(weft, (await start(weft, plan, {})).runId);
    await clock.advanceSettled(MIN);
    const [pending] = await incidents(call);
    expect(pending).toMatchObject({ status: 'pending', kind: 'circuit_open', openedAt: null, deliveries: [] });
    expect(pending!.detail.host).toMatch(/^127\.0\.0\.1:\d+$/);
    await clock.advanceSettled(3 * MIN);
    expect(stub.calls('/alerts')).toHaveLength(0);
    await clock.advanceSettled(MIN);
    await heard(1);
    expect(JSON.parse(stub.calls('/alerts')[0]!.body)).toMatchObject({
      event: 'opened',
      host: pending!.detail.host,
      error: { code: 'circuit_open', message: expect.stringContaining('answered 500') },
    });
    // After the cool-down the next request is the probe; it succeeds and the circuit closes.
    stub.respond('/erp', { status: 200 });
    await clock.advanceSettled(2 * MIN);
    expect((await finished(weft, (await start(weft, plan, {})).runId)).status).toBe('succeeded');
    await clock.advanceSettled(MIN);
    await heard(2);
    expect(events()[1]).toMatch(/^resolved: Circuit open for 127\.0\.0\.1:\d+/);
  });

  it('backlog: the failed-runs queue over its limit, resolved once it is worked off', async () => {
    const invoices = await runner(weft, invoiceFlow('invoices'));
    await notify({ kind: 'backlog', name: 'Failed runs piling up', condition: { queue: 'failed', above: 1 } });
    const first = await invoices('INV-1', true);
    const second = await invoices('INV-2', true);
    await clock.advanceSettled(MIN);
    await heard(1);
    expect(events()).toEqual(['opened: Backlog: 2 runs in the failed-runs queue (limit 1)']);
    const discard = await call('POST', '/api/runs/bulk', {
      action: 'discard',
      ids: [first.id, second.id],
      reason: 'handled by hand',
    });
    expect(discard.status).toBe(200);
    await clock.advanceSettled(MIN);
    await heard(2);
    expect(events()[1]).toMatch(/^resolved: Backlog/);
  });

  it('silent: a flow with a freshness SLA that has not succeeded for longer than that; resolved by its next success', async () => {
    const reports = await runner(weft, invoiceFlow('reports', { sla: { freshnessMs: 30 * MIN } }));
    await notify({ kind: 'silent', name: 'Reports stopped', condition: {} });
    await reports('R-1', false);
    await clock.advanceSettled(30 * MIN);
    expect(stub.calls('/alerts')).toHaveLength(0);
    await clock.advanceSettled(MIN);
    await heard(1);
    expect(events()).toEqual(['opened: Silent: Test flow reports — last success 31 min ago (expected every 30 min)']);
    await reports('R-2', false);
    await clock.advanceSettled(MIN);
    await heard(2);
    expect(events()[1]).toMatch(/^resolved: Silent/);
  });

  it("sla_breach: a run still unfinished past its flow's maxDurationMs is told while it waits, once, and resolved when it ends", async () => {
    const plan = await deploy(weft, {
      ...flow(
        'slow',
        {
          in: n.manual(),
          check: n.if('slow = true'),
          wait: { type: 'control.delay', config: { forMs: 10 * MIN } },
          done: n.map('$'),
        },
        ['in>check', 'check:true>wait', 'check:false>done'],
      ),
      settings: { sla: { maxDurationMs: 2 * MIN }, businessKey: '=ref', businessProcess: 'Fulfilment' },
    });
    await notify({ kind: 'sla_breach', name: 'Slow runs', condition: { flowId: 'slow' } });
    const slow = await start(weft, plan, { ref: 'ORD-9', slow: true });
    await stepReaches(weft, slow.runId, 'wait', (s) => s.status === 'waiting', 'waiting for its delay');
    await clock.advanceSettled(2 * MIN);
    expect(stub.calls('/alerts'), 'at its limit, not past it').toHaveLength(0);
    await clock.advanceSettled(MIN);
    await heard(1);
    expect(JSON.parse(stub.calls('/alerts')[0]!.body)).toMatchObject({
      event: 'opened',
      summary: 'SLA breached: Test flow slow [ORD-9] still running after 3 min (limit 2 min)',
      flowId: 'slow',
      businessProcess: 'Fulfilment',
      criticality: 'normal',
      businessKey: 'ORD-9',
      runId: slow.runId,
      value: 3 * MIN,
      threshold: 2 * MIN,
    });
    await clock.advanceSettled(7 * MIN);
    await finished(weft, slow.runId);
    await attempted(weft, 1);
    await heard(2);
    expect(events()).toEqual([
      'opened: SLA breached: Test flow slow [ORD-9] still running after 3 min (limit 2 min)',
      'resolved: SLA breached: Test flow slow [ORD-9] took 10 min (limit 2 min)',
    ]);
    await finished(weft, (await start(weft, plan, { ref: 'ORD-10', slow: false })).runId);
    await attempted(weft, 2);
    await clock.advanceSettled(MIN);
    expect(stub.calls('/alerts'), 'its end over the SLA opened nothing more').toHaveLength(2);
  });
});
