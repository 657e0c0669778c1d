import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../runtime/engine/clock.ts';
import { RETRY_FIRST_MS, RETRY_MAX_MS, retryDelay } from '../../runtime/alerts/outbox.ts';
import type { Weft } from '../../runtime/weft.ts';
import type { DeliveryView } from '../../shared/alert-history.ts';
import { client } from '../support/api.ts';
import { HttpStub } from '../support/http-stub.ts';
import { until } from '../support/poll.ts';
import { testWeft } from '../support/weft.ts';
import { attempted, incidents, invoiceFlow, ruleWithChannel, runner } from '../support/alerts.ts';

const DAY = 86_400_000;

describe('alert delivery on the engine clock', () => {
  let clock: ManualClock;
  let weft: Weft;
  let call: ReturnType<typeof client>;
  let stub: HttpStub;

  beforeEach(async () => {
    clock = new ManualClock();
    // A lease longer than the hours the clock is moved, so the worker is not taken for frozen.
    weft = await testWeft({
      clock,
      config: { alertIntervalMs: 10 * 60_000, leaseMs: 7 * DAY, retentionIntervalMin: 0 },
    });
    call = client(weft);
    stub = await HttpStub.start();
  });
  afterEach(async () => {
    await weft.close(0);
    await stub.close();
  });

  const setUp = (rule: Record<string, unknown> = {}) =>
    ruleWithChannel(
      call,
      { kind: 'webhook', name: 'Ops', settings: { url: `${stub.url}/alerts`, secret: 'alert-signing-secret-0123' } },
      { kind: 'run_failed', name: 'Invoices failing', condition: { flowId: 'invoices' }, ...rule },
    );

  /** The one delivery of the one incident, as the API shows it. */
  const delivery = async (): Promise<DeliveryView> => {
    const d = (await incidents(call))[0]?.deliveries[0];
    if (!d) throw new Error('no delivery yet');
    return d;
  };

  it('retries a failing receiver with backoff, shows the failure meanwhile, then delivers', async () => {
    const invoices = await runner(weft, invoiceFlow('invoices'));
    await setUp();
    stub.failTimes('/alerts', 2, { status: 503, body: 'receiver busy' });
    const t0 = clock.now();
    await invoices('INV-1', true);
    await attempted(weft, 1);

    const first = await delivery();
    expect(first).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: t0 + RETRY_FIRST_MS });
    expect(first.lastError).toMatch(/^127\.0\.0\.1:\d+ answered 503: receiver busy$/);
    expect(stub.calls('/alerts')).toHaveLength(1);

    await clock.advanceSettled(RETRY_FIRST_MS - 1);
    expect(stub.calls('/alerts'), 'not before its time').toHaveLength(1);
    await clock.advanceSettled(1);
    const second = await delivery();
    expect(second).toMatchObject({
      status: 'pending',
      attempts: 2,
      nextAttemptAt: t0 + RETRY_FIRST_MS + retryDelay(2),
    });
    expect(stub.calls('/alerts')).toHaveLength(2);

    await clock.advanceSettled(retryDelay(2));
    const sent = await delivery();
    expect(sent).toMatchObject({
      status: 'sent',
      attempts: 3,
      sentAt: t0 + RETRY_FIRST_MS + retryDelay(2),
      nextAttemptAt: null,
    });
    expect(sent.lastError, 'the last failure stays on record').toMatch(/answered 503/);
    const bodies = stub.calls('/alerts').map((c) => c.body);
    expect(new Set(bodies).size, 'every attempt sends the same notification').toBe(1);
    expect(JSON.parse(bodies[0]!)).toMatchObject({ event: 'opened', businessKey: 'INV-1' });
  });

  it('sends one channel its due notifications one at a time, in the order they were queued', async () => {
    const invoices = await runner(weft, invoiceFlow('invoices'));
    await setUp();
    stub.failTimes('/alerts', 5, { status: 503, body: 'receiver busy' });
    for (const [key, fail] of [
      ['INV-1', true],
      ['INV-2', false],
      ['INV-3', true],
      ['INV-4', false],
      ['INV-5', true],
    ] as const)
      await invoices(key, fail);
    await attempted(weft, 5);
    expect(stub.calls('/alerts'), 'each tried once and refused').toHaveLength(5);

    // All five are due again at the same moment, so one pass of the outbox takes them together.
    stub.maxInFlight = 0;
    await clock.advanceSettled(RETRY_FIRST_MS);
    await until(async () => (await weft.store.alerts.nextDeliveryAt()) === null, 'every notification sent');
    const retried = stub.calls('/alerts').slice(5);
    expect(retried.map((c) => JSON.parse(c.body).event)).toEqual([
      'opened',
      'resolved',
      'opened',
      'resolved',
      'opened',
    ]);
    expect(retried.map((c) => JSON.parse(c.body).businessKey)).toEqual(['INV-1', 'INV-1', 'INV-3', 'INV-3', 'INV-5']);
    expect(stub.maxInFlight, 'one request to the channel at a time').toBe(1);
  });

  it('gives up after the last attempt and keeps the error', async () => {
    const invoices = await runner(weft, invoiceFlow('invoices'));
    await setUp();
    stub.respond('/alerts', { status: 500, body: 'down for good' });
    await invoices('INV-2', true);
    await attempted(weft, 1);
    for (let attempt = 1; attempt < 10; attempt++) {
      expect(await delivery()).toMatchObject({ status: 'pending', attempts: attempt });
      await clock.advanceSettled(retryDelay(attempt));
    }
    const failed = await delivery();
    expect(failed).toMatchObject({ status: 'failed', attempts: 10, nextAttemptAt: null, sentAt: null });
    expect(failed.lastError).toMatch(/answered 500: down for good/);
    expect(stub.calls('/alerts')).toHaveLength(10);
    await clock.advanceSettled(2 * RETRY_MAX_MS);
    expect(stub.calls('/alerts'), 'no attempt after giving up').toHaveLength(10);
  });

  it('reminds of an open incident every repeatMinutes until it resolves', async () => {
    const invoices = await runner(weft, invoiceFlow('invoices'));
    await setUp({ repeatMinutes: 10 });
    await invoices('INV-3', true);
    await attempted(weft, 1);
    await clock.advanceSettled(9 * 60_000);
    expect(stub.calls('/alerts')).toHaveLength(1);
    await clock.advanceSettled(60_000);
    await until(() => stub.calls('/alerts').length === 2, 'the reminder');
    await clock.advanceSettled(10 * 60_000);
    await until(() => stub.calls('/alerts').length === 3, 'the second reminder');
    await invoices('INV-4', false);
    await attempted(weft, 2);
    await clock.advanceSettled(30 * 60_000);
    expect(stub.calls('/alerts').map((c) => JSON.parse(c.body).event)).toEqual([
      'opened',
      'repeat',
      'repeat',
      'resolved',
    ]);
  });
});
