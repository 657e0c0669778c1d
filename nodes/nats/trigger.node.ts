import { z } from 'zod';
import { defineNode, expression, PORTS } from '../define-node.ts';
import { triggerBody } from '../trigger/body.ts';
import { checkNatsConnection } from './check.ts';

/** Stream and consumer names: no whitespace, dots, wildcards or path separators (JetStream's rule). */
const natsName = (description: string) =>
  z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^\s.*>/\\]+$/, 'no spaces, ".", "*", ">", "/" or "\\"')
    .describe(description);

export const natsTriggerConfig = z
  .object({
    connection: z.string().min(1).max(200).describe('Id of a nats:// or tls:// connection'),
    stream: natsName('The JetStream stream to consume, e.g. "ORDERS"'),
    durable: natsName(
      'The durable consumer; every process consumes it together (work queue). "weft_<flow>_<node>" when left out',
    ).optional(),
    filterSubject: z
      .string()
      .min(1)
      .max(255)
      .optional()
      .describe('Only messages on these subjects, e.g. "orders.created" or "orders.>"'),
    maxInFlight: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(100)
      .describe('Messages handed over and not yet acknowledged (max_ack_pending)'),
    ackWaitMs: z
      .number()
      .int()
      .min(1_000)
      .max(3_600_000)
      .default(30_000)
      .describe('A message not acknowledged within this time is delivered again'),
    maxDeliveries: z
      .number()
      .int()
      .min(1)
      .max(1_000)
      .optional()
      .describe('Deliveries of a message before the server gives up on it; unlimited when left out'),
    dedupe: expression(
      'A JSONata expression over the message ({ body, headers, subject, sequence }) giving its dedupe key; the Nats-Msg-Id header, else the stream sequence, when left out',
    ).optional(),
    requireJson: z
      .boolean()
      .default(false)
      .describe('Dead-letter every message whose body is not JSON; otherwise such a body arrives as text'),
    deadLetterSubject: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[^\s*>]+$/, 'a subject without spaces or wildcards')
      .optional()
      .describe(
        'A subject that messages which cannot start a run are published to, with a Weft-Dead-Letter-Reason header',
      ),
  })
  .strict();

export type NatsTriggerConfig = z.output<typeof natsTriggerConfig>;

/** The durable consumer's name: the configured one, else one derived from the flow and the node. */
export function durableName(c: NatsTriggerConfig, flowId: string, nodeId: string): string {
  return c.durable ?? `weft_${flowId}_${nodeId}`.replace(/[\s.*>/\\]/g, '_').slice(0, 200);
}

export default defineNode({
  type: 'trigger.nats',
  typeVersion: 1,
  title: 'NATS JetStream message',
  category: 'trigger',
  description:
    'Consumes a NATS JetStream stream through a durable consumer and starts one run per message, acknowledged once the run is stored. $trigger.body is the parsed JSON body (text otherwise), with $trigger.headers, $trigger.subject and $trigger.sequence; a redelivered message with the same Nats-Msg-Id (or dedupe key) starts no second run. Messages that cannot start a run are terminated and published to the dead-letter subject. Outputs the body.',
  ports: PORTS.trigger,
  trigger: 'nats',
  config: natsTriggerConfig,
  check: (c, env) => checkNatsConnection(c, env),
  execute: (_ctx, input) => triggerBody(input),
});
