import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { openAmqp } from '../../nodes/amqp/client.ts';
import { type AmqpTriggerConfig, amqpTriggerConfig } from '../../nodes/amqp/trigger.node.ts';
import { type ActiveTrigger, type EventSource, type SourceContext, startTriggerRun } from './event-source.ts';
import { messageEvent, PoisonMessage } from './amqp-message.ts';

const BACKOFF_MIN_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;

/** The delay before reconnect attempt `n` (0-based): doubling from 1 s up to 30 s. */
export const amqpBackoffMs = (n: number) => Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.min(n, 10));

/** Declares what the trigger consumes: the dead-letter exchange and its queue, the queue, the binding. */
export async function declareTopology(ch: Channel, c: AmqpTriggerConfig): Promise<void> {
  if (c.deadLetterExchange) {
    await ch.assertExchange(c.deadLetterExchange, 'fanout', { durable: true });
    const dead = `${c.queue}.dead-letter`;
    await ch.assertQueue(dead, { durable: true });
    await ch.bindQueue(dead, c.deadLetterExchange, '');
  }
  if (c.declareQueue)
    await ch.assertQueue(c.queue, {
      durable: true,
      arguments: c.deadLetterExchange ? { 'x-dead-letter-exchange': c.deadLetterExchange } : {},
    });
  else await ch.checkQueue(c.queue);
  if (c.exchange) {
    if (c.exchangeType) await ch.assertExchange(c.exchange, c.exchangeType, { durable: true });
    await ch.bindQueue(c.queue, c.exchange, c.routingKey);
  }
}

/** Whether the engine refused the run for good (an invalid event), rather than for now (a store outage, shutdown). */
const refused = (err: unknown) =>
  typeof (err as { code?: unknown })?.code === 'string' && (err as { retryable?: unknown }).retryable === false;

/**
 * Consumes the trigger's queue: one run per message, acknowledged once the run (or the earlier run of the
 * same dedupe key) is stored; a message that can start no run is rejected to the dead-letter exchange.
 * Reconnects with backoff when the broker goes away; several processes compete for the same queue.
 */
export const amqpSource: EventSource = {
  kind: 'amqp',
  start(t: ActiveTrigger, ctx: SourceContext) {
    const c = amqpTriggerConfig.parse(t.config);
    const where = { flowId: t.flowId, nodeId: t.nodeId, queue: c.queue };
    let stopped = false;
    let attempt = 0;
    let timer: unknown = null;
    let connection: ChannelModel | null = null;
    let channel: Channel | null = null;
    let tag: string | null = null;
    const inFlight = new Set<Promise<void>>();

    const settle = (ch: Channel, f: (ch: Channel) => void) => {
      // On a channel already closed the broker requeues the message itself; dedupe stops a second run.
      try {
        f(ch);
      } catch {}
    };

    const drop = (reason: string) => {
      const conn = connection;
      connection = null;
      channel = null;
      tag = null;
      if (conn) void conn.close().catch(() => {});
      if (stopped || timer !== null) return;
      const delay = amqpBackoffMs(attempt++);
      ctx.logger.warn('RabbitMQ trigger lost its broker; reconnecting', { ...where, reason, retryInMs: delay });
      timer = ctx.clock.setTimer(() => {
        timer = null;
        void connect();
      }, delay);
    };

    const handle = async (ch: Channel, msg: ConsumeMessage) => {
      let prepared: Awaited<ReturnType<typeof messageEvent>>;
      try {
        prepared = await messageEvent(msg, c, t.nodeId);
      } catch (err) {
        ctx.logger.warn('RabbitMQ message dead-lettered', { ...where, error: (err as Error).message });
        return settle(ch, (x) => x.nack(msg, false, false));
      }
      try {
        await startTriggerRun(ctx, t, prepared.event, prepared.dedupeKey);
        settle(ch, (x) => x.ack(msg));
      } catch (err) {
        if (refused(err) && !(err instanceof PoisonMessage)) {
          ctx.logger.warn('RabbitMQ message refused by the engine, dead-lettered', {
            ...where,
            error: (err as Error).message,
          });
          return settle(ch, (x) => x.nack(msg, false, false));
        }
        // Not stored for now (store outage, shutting down): the channel goes, the broker redelivers later.
        if (channel === ch) drop(`a run could not be stored: ${(err as Error).message}`);
      }
    };

    const connect = async () => {
      if (stopped) return;
      try {
        const conn = await openAmqp(await ctx.credentials(c.connection));
        if (stopped) return void (await conn.close().catch(() => {}));
        connection = conn;
        conn.on('error', (err: Error) =>
          ctx.logger.warn('RabbitMQ connection error', { ...where, error: err.message }),
        );
        conn.on('close', () => {
          if (connection === conn) drop('the connection closed');
        });
        const ch = await conn.createChannel();
        channel = ch;
        ch.on('error', (err: Error) => ctx.logger.warn('RabbitMQ channel error', { ...where, error: err.message }));
        ch.on('close', () => {
          if (channel === ch) drop('the channel closed');
        });
        await declareTopology(ch, c);
        await ch.prefetch(c.prefetch);
        const ok = await ch.consume(c.queue, (msg) => {
          if (!msg) return drop('the broker cancelled the consumer');
          const p = handle(ch, msg).finally(() => inFlight.delete(p));
          inFlight.add(p);
        });
        tag = ok.consumerTag;
        attempt = 0;
        if (stopped) await ch.cancel(tag).catch(() => {});
      } catch (err) {
        drop((err as Error).message);
      }
    };

    void connect();
    return {
      async stop() {
        stopped = true;
        if (timer !== null) ctx.clock.clearTimer(timer);
        timer = null;
        const ch = channel;
        if (ch && tag) await ch.cancel(tag).catch(() => {});
        await Promise.all([...inFlight]);
        const conn = connection;
        connection = null;
        channel = null;
        await conn?.close().catch(() => {});
      },
    };
  },
};
