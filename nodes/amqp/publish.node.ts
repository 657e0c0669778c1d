import { z } from 'zod';
import { defineNode, PORTS } from '../define-node.ts';
import { IO_RETRY } from '../../shared/retry-policy.ts';
import { WeftError } from '../../shared/errors.ts';
import { AmqpErrorCodes, amqpError } from './client.ts';
import { checkConnection } from '../connection-check.ts';
import { confirmChannel } from './pool.ts';

const config = z
  .object({
    connection: z.string().min(1).max(200).describe('Id of an amqp:// or amqps:// connection'),
    exchange: z
      .string()
      .max(255)
      .default('')
      .describe('The exchange to publish to; "" is the default exchange, which routes by queue name'),
    routingKey: z.string().max(255).default('').describe('The routing key, e.g. "orders.created" or a queue name'),
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
        "The message-id property; the step's idempotency key when left out, so a retried step sends the same id",
      ),
    persistent: z.boolean().default(true).describe('Delivery mode 2: the broker keeps the message on disk'),
    confirmTimeoutMs: z
      .number()
      .int()
      .min(100)
      .max(300_000)
      .default(30_000)
      .describe('How long to wait for the broker to confirm the message'),
  })
  .strict();

export default defineNode({
  type: 'connector.amqp',
  typeVersion: 1,
  title: 'RabbitMQ publish',
  category: 'connector',
  description:
    "Publishes a JSON message to a RabbitMQ exchange on a confirm channel and succeeds once the broker confirmed it. The message-id is the step's idempotency key unless set, so a consumer that dedupes on it sees a retried publish once. Outputs { exchange, routingKey, messageId }.",
  ports: PORTS.step,
  config,
  retry: IO_RETRY,
  check: (c, env) => checkConnection(c, env, ['amqp', 'amqps'], 'RabbitMQ'),
  async execute(ctx, input, c) {
    const creds = await ctx.credentials(c.connection);
    const messageId = c.messageId ?? ctx.idempotencyKey;
    const body = Buffer.from(JSON.stringify(c.body === undefined ? input : c.body) ?? 'null');
    const what = `RabbitMQ publish to exchange "${c.exchange}" with routing key "${c.routingKey}"`;
    let channel: Awaited<ReturnType<typeof confirmChannel>>;
    try {
      channel = await confirmChannel(creds);
    } catch (err) {
      throw amqpError(err, what);
    }
    ctx.sentKey(messageId);
    await new Promise<void>((resolve, reject) => {
      const fail = (err: WeftError) => {
        clearTimeout(timer);
        ctx.signal.removeEventListener('abort', aborted);
        reject(err);
      };
      const aborted = () => fail(new WeftError('aborted', `${what}: aborted before the broker confirmed`));
      const timer = setTimeout(
        () =>
          fail(
            new WeftError(AmqpErrorCodes.notConfirmed, `${what}: not confirmed within ${c.confirmTimeoutMs} ms`, {
              retryable: true,
            }),
          ),
        c.confirmTimeoutMs,
      );
      ctx.signal.addEventListener('abort', aborted, { once: true });
      try {
        channel.publish(
          c.exchange,
          c.routingKey,
          body,
          {
            messageId,
            contentType: 'application/json',
            headers: c.headers,
            persistent: c.persistent,
            timestamp: Math.floor(ctx.now() / 1000),
          },
          (err) => {
            if (err)
              return fail(
                new WeftError(AmqpErrorCodes.notConfirmed, `${what}: the broker refused the message`, {
                  retryable: true,
                  cause: err,
                }),
              );
            clearTimeout(timer);
            ctx.signal.removeEventListener('abort', aborted);
            resolve();
          },
        );
      } catch (err) {
        fail(amqpError(err, what));
      }
    });
    return { exchange: c.exchange, routingKey: c.routingKey, messageId };
  },
});
