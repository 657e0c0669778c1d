import { z } from 'zod';
import { defineNode, PORTS } from '../define-node.ts';
import { IO_RETRY } from '../../shared/retry-policy.ts';
import { WeftError } from '../../shared/errors.ts';
import { NatsErrorCodes, natsError } from './client.ts';
import { natsConnection } from './pool.ts';
import { natsLib } from './lib.ts';
import { checkNatsConnection } from './check.ts';

const config = z
  .object({
    connection: z.string().min(1).max(200).describe('Id of a nats:// or tls:// connection'),
    subject: z
      .string()
      .min(1)
      .max(255)
      .describe('The subject to publish to, e.g. "orders.created"; a stream must capture it'),
    body: z
      .unknown()
      .optional()
      .describe('The message body, e.g. "=$steps.map.output"; the step\'s input when left out. Sent as JSON'),
    headers: z.record(z.string(), z.string().max(4096)).default({}).describe('Message headers'),
    messageId: z
      .string()
      .min(1)
      .max(255)
      .optional()
      .describe(
        "The Nats-Msg-Id header; the step's idempotency key when left out, so the stream keeps a retried publish once",
      ),
    expectStream: z.string().min(1).max(255).optional().describe('Fail unless this stream stores the message'),
    ackTimeoutMs: z
      .number()
      .int()
      .min(100)
      .max(300_000)
      .default(10_000)
      .describe('How long to wait for the stream to acknowledge the message'),
  })
  .strict();

export default defineNode({
  type: 'connector.nats',
  typeVersion: 1,
  title: 'NATS JetStream publish',
  category: 'connector',
  description:
    "Publishes a JSON message to a NATS JetStream subject and succeeds once the stream acknowledged it. The Nats-Msg-Id header is the step's idempotency key unless set, so within the stream's duplicate window a retried publish is stored once. Outputs { subject, stream, sequence, duplicate, messageId }.",
  ports: PORTS.step,
  config,
  retry: IO_RETRY,
  check: (c, env) => checkNatsConnection(c, env),
  async execute(ctx, input, c) {
    const creds = await ctx.credentials(c.connection);
    const messageId = c.messageId ?? ctx.idempotencyKey;
    const body = JSON.stringify(c.body === undefined ? input : c.body) ?? 'null';
    const what = `NATS publish to "${c.subject}"`;
    let nc: Awaited<ReturnType<typeof natsConnection>>;
    try {
      nc = await natsConnection(creds);
    } catch (err) {
      throw natsError(err, what);
    }
    const { transport, js } = await natsLib();
    const h = transport.headers();
    for (const [k, v] of Object.entries(c.headers)) h.set(k, v);
    h.set('Content-Type', 'application/json');
    ctx.sentKey(messageId);
    if (ctx.signal.aborted) throw new WeftError('aborted', `${what}: aborted before publishing`);
    try {
      const ack = await js.jetstream(nc, { timeout: c.ackTimeoutMs }).publish(c.subject, body, {
        msgID: messageId,
        headers: h,
        timeout: c.ackTimeoutMs,
        ...(c.expectStream ? { expect: { streamName: c.expectStream } } : {}),
      });
      return { subject: c.subject, stream: ack.stream, sequence: ack.seq, duplicate: ack.duplicate, messageId };
    } catch (err) {
      throw natsError(err, `${what}: not acknowledged by a stream`, NatsErrorCodes.notAcknowledged);
    }
  },
});
