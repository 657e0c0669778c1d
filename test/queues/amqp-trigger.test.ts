import { afterEach, describe, expect, it } from 'vitest';
import { type Clock, ManualClock } from '../../runtime/engine/clock.ts';
import { amqpBackoffMs } from '../../runtime/triggers/amqp-source.ts';
import type { Weft } from '../../runtime/weft.ts';
import { WeftError } from '../../shared/errors.ts';
import { deploy, finished, testWeft, viewOf } from '../support/weft.ts';
import { flow, n } from '../support/flows.ts';
import { until } from '../support/poll.ts';
import { amqpConnectionInput, runsOf, type TestBroker, testBroker } from './amqp-support.ts';

const consume = (config: Record<string, unknown>) => ({
  type: 'trigger.amqp',
  config: { connection: 'broker', prefetch: 10, ...config },
});

describe('trigger.amqp and connector.amqp against a real RabbitMQ', () => {
  let broker: TestBroker | undefined;
  const open: Weft[] = [];
  const runtime = async (clock?: Clock) => {
    const weft = await testWeft({ clock });
    open.push(weft);
    await weft.connections.create(amqpConnectionInput('broker'), null);
    return weft;
  };

  afterEach(async () => {
    for (const w of open.splice(0)) await w.close();
    await broker?.close();
    broker = undefined;
  });

  it('starts one run per message with body, headers and properties; a duplicate message id starts none', async () => {
    broker = await testBroker();
    const queue = broker.name('orders');
    const exchange = broker.name('x-orders');
    const weft = await runtime();
    await deploy(
      weft,
      flow(
        'orders',
        { in: consume({ queue, exchange, exchangeType: 'topic', routingKey: 'order.*' }), out: n.map('$trigger') },
        ['in>out'],
      ),
    );
    await until(async () => (await broker!.consumers(queue)) === 1, 'the consumer');
    await broker.publish(exchange, 'order.created', { id: 7 }, { messageId: 'm-1', headers: { tenant: 'acme' } });
    await broker.publish(exchange, 'order.created', { id: 7 }, { messageId: 'm-1' });
    await broker.publish('', queue, Buffer.from('plain words'), { messageId: 'm-2', contentType: 'text/plain' });
    const runs = await until(async () => {
      const r = await runsOf(weft, 'orders');
      return r.length >= 2 && (await broker!.count(queue)) === 0 ? r : null;
    }, 'two runs and an empty queue');
    const byKey = new Map(runs.map((r) => [r.dedupeKey, r]));
    expect([...byKey.keys()].sort()).toEqual(['amqp:in:m-1', 'amqp:in:m-2']);
    const first = await finished(weft, byKey.get('amqp:in:m-1')!.id);
    expect(first.status).toBe('succeeded');
    const out = (await viewOf(weft, first.id)).steps?.find((s) => s.nodeId === 'out')?.output;
    expect(out).toMatchObject({
      body: { id: 7 },
      headers: { tenant: 'acme' },
      properties: { messageId: 'm-1', contentType: 'application/json' },
      routingKey: 'order.created',
    });
    const text = JSON.parse(byKey.get('amqp:in:m-2')!.trigger) as { body: unknown };
    expect(text.body).toBe('plain words');
    expect(await runsOf(weft, 'orders')).toHaveLength(2);
  }, 30_000);

  it('acknowledges a message only once its run is stored: a failed store redelivers it, and one run results', async () => {
    broker = await testBroker();
    const queue = broker.name('acks');
    // The trigger's reconnect waits on the runtime's clock: a manual one moves past the backoff at once.
    const clock = new ManualClock();
    const weft = await runtime(clock);
    const real = weft.engine.startRun.bind(weft.engine);
    let refusals = 0;
    weft.engine.startRun = async (req) => {
      if (refusals++ === 0) throw new WeftError('store_unavailable', 'the store is not reachable', { retryable: true });
      return real(req);
    };
    await deploy(weft, flow('acks', { in: consume({ queue }) }, []));
    await until(async () => (await broker!.consumers(queue)) === 1, 'the consumer');
    await broker.publish('', queue, { n: 1 }, { messageId: 'a-1' });
    await until(
      async () => refusals === 1 && (await broker!.consumers(queue)) === 0,
      'the channel closed after the refused run',
    );
    await clock.advanceSettled(amqpBackoffMs(0));
    const runs = await until(
      async () => {
        const r = await runsOf(weft, 'acks');
        return r.length === 1 ? r : null;
      },
      'the run after the redelivery',
      15_000,
    );
    expect(refusals).toBe(2);
    expect(JSON.parse(runs[0]!.trigger)).toMatchObject({ body: { n: 1 }, redelivered: true });
    await until(async () => (await broker!.count(queue)) === 0, 'the message acknowledged');
  }, 30_000);

  it('dead-letters messages that cannot start a run: not JSON, no message id', async () => {
    broker = await testBroker();
    const queue = broker.name('poison');
    const dlx = broker.name('x-dead');
    const weft = await runtime();
    await deploy(weft, flow('poison', { in: consume({ queue, deadLetterExchange: dlx, requireJson: true }) }, []));
    await until(async () => (await broker!.consumers(queue)) === 1, 'the consumer');
    await broker.publish('', queue, Buffer.from('{not json'), { messageId: 'p-1' });
    await broker.publish('', queue, { fine: true });
    await broker.publish('', queue, Buffer.from('text'), { messageId: 'p-3', contentType: 'text/plain' });
    await broker.publish('', queue, { fine: true }, { messageId: 'ok-1' });
    const dead = await until(async () => {
      const c = await broker!.count(`${queue}.dead-letter`);
      return c === 3 ? broker!.drain(`${queue}.dead-letter`) : null;
    }, 'three dead-lettered messages');
    expect(dead.map((m) => m.content.toString()).sort()).toEqual(['text', '{"fine":true}', '{not json']);
    const runs = await until(async () => {
      const r = await runsOf(weft, 'poison');
      return r.length === 1 ? r : null;
    }, 'the one good run');
    expect(runs[0]!.dedupeKey).toBe('amqp:in:ok-1');
  }, 30_000);

  it('publishes with confirms; a retried run publishes the same message id, so the consumer starts one run', async () => {
    broker = await testBroker();
    const queue = broker.name('published');
    const weft = await runtime();
    const publish = {
      type: 'connector.amqp',
      config: {
        connection: 'broker',
        routingKey: queue,
        body: '={"order": $trigger.body.n}',
        headers: { from: 'weft' },
      },
    };
    await broker.channel.assertQueue(queue, { durable: true });
    await deploy(weft, flow('sender', { in: n.manual(), send: publish }, ['in>send']));
    const plan = await weft.engine.planFor('sender', 1);
    const { runId } = await weft.engine.startRun({ plan, triggerNodeId: 'in', event: { body: { n: 5 } } });
    const run = await finished(weft, runId, 10_000);
    expect(run.status, run.error ?? '').toBe('succeeded');
    const sentId = async (id: string) =>
      ((await viewOf(weft, id)).steps?.find((s) => s.nodeId === 'send')?.output as { messageId: string } | undefined)
        ?.messageId;
    const messageId = await sentId(runId);
    expect(messageId).toBeTruthy();
    // A replay runs the step again with the same idempotency key: the same message id goes out a second time.
    const replay = await weft.runOperations.replay(runId);
    expect((await finished(weft, replay.runId, 10_000)).status).toBe('succeeded');
    expect(await sentId(replay.runId)).toBe(messageId);
    expect(await broker.count(queue)).toBe(2);
    await deploy(weft, flow('receiver', { in: consume({ queue }) }, []));
    const runs = await until(async () => {
      const r = await runsOf(weft, 'receiver');
      return r.length >= 1 && (await broker!.count(queue)) === 0 ? r : null;
    }, 'the receiver run');
    expect(runs).toHaveLength(1);
    expect(JSON.parse(runs[0]!.trigger)).toMatchObject({ body: { order: 5 }, headers: { from: 'weft' } });
  }, 30_000);
});
