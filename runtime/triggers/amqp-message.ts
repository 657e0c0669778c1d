import type { ConsumeMessage } from 'amqplib';
import { isJsonMediaType, mediaTypeOf } from '../../nodes/trigger/body.ts';
import type { AmqpTriggerConfig } from '../../nodes/amqp/trigger.node.ts';
import type { TriggerEvent } from '../engine/run-state.ts';
import { ExpressionCache } from '../engine/expressions.ts';

/** A message that can never start a run: it is dead-lettered, not requeued. */
export class PoisonMessage extends Error {}

const expressions = new ExpressionCache();

function headersOf(msg: ConsumeMessage): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(msg.properties.headers ?? {}))
    out[k] = Buffer.isBuffer(v) ? v.toString('utf8') : v;
  return out;
}

function propertiesOf(msg: ConsumeMessage): Record<string, unknown> {
  const p = msg.properties;
  const out: Record<string, unknown> = {};
  for (const k of [
    'messageId',
    'contentType',
    'contentEncoding',
    'correlationId',
    'replyTo',
    'type',
    'appId',
    'userId',
    'priority',
    'deliveryMode',
    'expiration',
    'timestamp',
  ] as const)
    if (p[k] !== undefined && p[k] !== null) out[k] = p[k];
  return out;
}

/** The body: JSON for JSON (or unnamed) content types, text for others unless JSON is required. */
function bodyOf(msg: ConsumeMessage, requireJson: boolean): unknown {
  const { mediaType } = mediaTypeOf(msg.properties.contentType);
  const text = msg.content.toString('utf8');
  if (mediaType === '' || isJsonMediaType(mediaType)) {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new PoisonMessage(`the body is not JSON (${(err as Error).message})`);
    }
  }
  if (requireJson) throw new PoisonMessage(`the content type "${mediaType}" is not JSON`);
  return text;
}

/** The run's trigger event and dedupe key for a message, or a PoisonMessage saying why it can start none. */
export async function messageEvent(
  msg: ConsumeMessage,
  c: AmqpTriggerConfig,
  nodeId: string,
): Promise<{ event: TriggerEvent; dedupeKey: string }> {
  const event: TriggerEvent = {
    body: bodyOf(msg, c.requireJson),
    headers: headersOf(msg) as Record<string, string>,
    properties: propertiesOf(msg),
    exchange: msg.fields.exchange,
    routingKey: msg.fields.routingKey,
    redelivered: msg.fields.redelivered,
  };
  let key: unknown = msg.properties.messageId;
  if (c.dedupe) {
    try {
      key = await expressions.evaluate(c.dedupe, {
        body: event.body,
        headers: event.headers,
        properties: event.properties,
      });
    } catch (err) {
      throw new PoisonMessage(`the dedupe expression failed: ${(err as Error).message}`);
    }
  }
  if ((typeof key !== 'string' && typeof key !== 'number') || key === '')
    throw new PoisonMessage(
      c.dedupe ? 'the dedupe expression gave no text or number' : 'the message has no message-id',
    );
  return { event, dedupeKey: `amqp:${nodeId}:${key}` };
}
