import type { NatsConnection } from '@nats-io/transport-node';
import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import { openNats } from '../../nodes/nats/client.ts';
import { natsLib } from '../../nodes/nats/lib.ts';
import { durableName, type NatsTriggerConfig, natsTriggerConfig } from '../../nodes/nats/trigger.node.ts';
import { type ActiveTrigger, type EventSource, type SourceContext, startTriggerRun } from './event-source.ts';
import { natsMessageEvent, PoisonNatsMessage } from './nats-message.ts';

const BACKOFF_MIN_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;
/** How long a message whose run could not be stored for now waits before it is delivered again. */
const RETRY_LATER_MS = 5_000;

/** The delay before reconnect attempt `n` (0-based): doubling from 1 s up to 30 s. */
export const natsBackoffMs = (n: number) => Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.min(n, 10));

/** Creates the durable consumer, or brings an existing one to the trigger's settings. */
export async function ensureConsumer(nc: NatsConnection, c: NatsTriggerConfig, durable: string): Promise<void> {
  const { js } = await natsLib();
  const jsm = await js.jetstreamManager(nc);
  const settings = {
    max_ack_pending: c.maxInFlight,
    ack_wait: c.ackWaitMs * 1_000_000,
    max_deliver: c.maxDeliveries ?? -1,
    ...(c.filterSubject ? { filter_subject: c.filterSubject } : {}),
  };
  const existing = await jsm.consumers.info(c.stream, durable).catch(() => null);
  if (existing) await jsm.consumers.update(c.stream, durable, settings);
  else
    await jsm.consumers.add(c.stream, {
      durable_name: durable,
      ack_policy: js.AckPolicy.Explicit,
      deliver_policy: js.DeliverPolicy.All,
      ...settings,
    });
}

/** Whether the engine refused the run for good (an invalid event), rather than for now (a store outage, shutdown). */
const refused = (err: unknown) =>
  typeof (err as { code?: unknown })?.code === 'string' && (err as { retryable?: unknown }).retryable === false;

/** Publishes a message that cannot start a run to the dead-letter subject, with its headers and the reason. */
async function deadLetter(nc: NatsConnection, subject: string, msg: JsMsg, reason: string): Promise<void> {
  const { transport, js } = await natsLib();
  const h = transport.headers();
  for (const k of msg.headers?.keys() ?? [])
    if (k !== 'Nats-Msg-Id') for (const v of msg.headers!.values(k)) h.append(k, v);
  h.set('Weft-Dead-Letter-Reason', reason.slice(0, 1000));
  h.set('Weft-Original-Subject', msg.subject);
  h.set('Weft-Original-Stream', msg.info.stream);
  h.set('Weft-Original-Sequence', String(msg.seq));
  try {
    await js.jetstream(nc).publish(subject, msg.data, { headers: h, msgID: `dead:${msg.info.stream}:${msg.seq}` });
  } catch (err) {
    // No stream captures the subject: a plain publish still reaches its subscribers.
    if (!/no responders|503|jetstream is not enabled/i.test((err as Error).message)) throw err;
    nc.publish(subject, msg.data, { headers: h });
    await nc.flush();
  }
}

/**
 * Consumes the trigger's stream through a durable consumer: one run per message, acknowledged once the
 * run (or the earlier run of the same dedupe key) is stored; a message that can start no run is terminated
 * and dead-lettered. The client reconnects on its own after a loss; a consumer that cannot be set up is
 * retried with backoff. Several processes consume the same durable consumer, each message going to one.
 */
export const natsSource: EventSource = {
  kind: 'nats',
  start(t: ActiveTrigger, ctx: SourceContext) {
    const c = natsTriggerConfig.parse(t.config);
    const durable = durableName(c, t.flowId, t.nodeId);
    const where = { flowId: t.flowId, nodeId: t.nodeId, stream: c.stream, consumer: durable };
    let stopped = false;
    let attempt = 0;
    let timer: unknown = null;
    let connection: NatsConnection | null = null;
    let messages: ConsumerMessages | null = null;
    const inFlight = new Set<Promise<void>>();

    const poison = async (nc: NatsConnection, msg: JsMsg, reason: string) => {
      ctx.logger.warn('NATS message terminated: it cannot start a run', { ...where, seq: msg.seq, reason });
      if (c.deadLetterSubject) {
        try {
          await deadLetter(nc, c.deadLetterSubject, msg, reason);
        } catch (err) {
          ctx.logger.warn('NATS message could not be dead-lettered; delivered again later', {
            ...where,
            seq: msg.seq,
            error: (err as Error).message,
          });
          return msg.nak(RETRY_LATER_MS);
        }
      }
      msg.term();
    };

    const handle = async (nc: NatsConnection, msg: JsMsg) => {
      let prepared: Awaited<ReturnType<typeof natsMessageEvent>>;
      try {
        prepared = await natsMessageEvent(msg, c, t.nodeId);
      } catch (err) {
        return poison(nc, msg, (err as Error).message);
      }
      try {
        await startTriggerRun(ctx, t, prepared.event, prepared.dedupeKey);
        msg.ack();
      } catch (err) {
        if (refused(err) && !(err instanceof PoisonNatsMessage))
          return poison(nc, msg, `the engine refused the run: ${(err as Error).message}`);
        // Not stored for now (store outage, shutting down): delivered again later; dedupe stops a second run.
        ctx.logger.warn('NATS message not stored; delivered again later', {
          ...where,
          seq: msg.seq,
          error: (err as Error).message,
        });
        msg.nak(RETRY_LATER_MS);
      }
    };

    const retry = (reason: string) => {
      if (stopped || timer !== null) return;
      const delay = natsBackoffMs(attempt++);
      ctx.logger.warn('NATS trigger cannot consume; retrying', { ...where, reason, retryInMs: delay });
      timer = ctx.clock.setTimer(() => {
        timer = null;
        void run();
      }, delay);
    };

    const watch = async (nc: NatsConnection) => {
      for await (const s of nc.status()) {
        if (s.type === 'disconnect') ctx.logger.warn('NATS trigger lost its server; reconnecting', where);
        else if (s.type === 'reconnect') ctx.logger.info('NATS trigger reconnected', where);
      }
    };

    const run = async () => {
      if (stopped) return;
      try {
        if (!connection || connection.isClosed()) {
          const nc = await openNats(await ctx.credentials(c.connection), true);
          if (stopped) return void (await nc.close().catch(() => {}));
          connection = nc;
          void watch(nc).catch(() => {});
        }
        const nc = connection;
        await ensureConsumer(nc, c, durable);
        const consumer = await (await natsLib()).js.jetstream(nc).consumers.get(c.stream, durable);
        if (stopped) return;
        const iter = await consumer.consume({ max_messages: Math.min(c.maxInFlight, 1_000) });
        messages = iter;
        attempt = 0;
        for await (const msg of iter) {
          const p = handle(nc, msg)
            .catch((err) =>
              ctx.logger.error('NATS message handling failed', { ...where, error: (err as Error).message }),
            )
            .finally(() => inFlight.delete(p));
          inFlight.add(p);
        }
        messages = null;
        if (!stopped) retry('the consumer stopped');
      } catch (err) {
        messages = null;
        retry((err as Error).message);
      }
    };

    void run();
    return {
      async stop() {
        stopped = true;
        if (timer !== null) ctx.clock.clearTimer(timer);
        timer = null;
        messages?.stop();
        await Promise.all([...inFlight]);
        const nc = connection;
        connection = null;
        await nc?.drain().catch(() => nc.close().catch(() => {}));
      },
    };
  },
};
