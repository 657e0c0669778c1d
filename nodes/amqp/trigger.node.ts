import { z } from 'zod';
import { defineNode, expression, PORTS } from '../define-node.ts';
import { checkConnection } from '../connection-check.ts';
import { triggerBody } from '../trigger/body.ts';

const name = (description: string) => z.string().min(1).max(255).describe(description);

export const amqpTriggerConfig = z
  .object({
    connection: z.string().min(1).max(200).describe('Id of an amqp:// or amqps:// connection'),
    queue: name('The queue to consume, e.g. "weft.orders"'),
    declareQueue: z
      .boolean()
      .default(true)
      .describe(
        'Declare the queue (durable, with the dead-letter exchange); false consumes an existing queue as it is',
      ),
    exchange: name('An exchange to bind the queue to, e.g. "orders"').optional(),
    exchangeType: z
      .enum(['direct', 'topic', 'fanout', 'headers'])
      .optional()
      .describe('Declare the exchange (durable) with this type; left out, the exchange must exist'),
    routingKey: z.string().max(255).default('#').describe('The binding\'s routing key, e.g. "orders.*"'),
    prefetch: z.number().int().min(1).max(1000).default(20).describe('Messages handed over before acknowledging'),
    dedupe: expression(
      'A JSONata expression over the message ({ body, headers, properties }) giving its dedupe key; the message-id property when left out',
    ).optional(),
    requireJson: z
      .boolean()
      .default(false)
      .describe('Dead-letter every message that is not JSON; otherwise text/* and other types arrive as text'),
    deadLetterExchange: name(
      'An exchange (fanout, declared) that messages which cannot start a run go to, with a queue "<queue>.dead-letter" bound to it',
    ).optional(),
  })
  .strict();

export type AmqpTriggerConfig = z.output<typeof amqpTriggerConfig>;

export default defineNode({
  type: 'trigger.amqp',
  typeVersion: 1,
  title: 'RabbitMQ message',
  category: 'trigger',
  description:
    'Consumes a RabbitMQ queue and starts one run per message, acknowledged once the run is stored. $trigger.body is the parsed JSON body (text for text content types), with $trigger.headers and $trigger.properties; a redelivered message with the same message-id (or dedupe key) starts no second run. Messages that cannot start a run go to the dead-letter exchange. Outputs the body.',
  ports: PORTS.trigger,
  trigger: 'amqp',
  config: amqpTriggerConfig,
  check: (c, env) => checkConnection(c, env, ['amqp', 'amqps'], 'RabbitMQ'),
  execute: (_ctx, input) => triggerBody(input),
});
