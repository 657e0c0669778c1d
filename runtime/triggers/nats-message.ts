import type { JsMsg } from '@nats-io/jetstream';
import type { NatsTriggerConfig } from '../../nodes/nats/trigger.node.ts';
import type { TriggerEvent } from '../engine/run-state.ts';
import { ExpressionCache } from '../engine/expressions.ts';

/** A message that can never start a run: it is terminated and dead-lettered, not delivered again. */
export class PoisonNatsMessage extends Error {}

const expressions = new ExpressionCache();

export function natsHeadersOf(msg: JsMsg): Record<string, string> {
  const out: Record<string, string> = {};
  const h = msg.headers;
  if (!h) return out;
  for (const k of h.keys()) out[k] = h.values(k).join(', ');
  return out;
}

/** The body: parsed JSON, else the text (or a PoisonNatsMessage when JSON is required). */
function bodyOf(msg: JsMsg, requireJson: boolean): unknown {
  const text = msg.string();
  try {
    return JSON.parse(text);
  } catch (err) {
    if (requireJson) throw new PoisonNatsMessage(`the body is not JSON (${(err as Error).message})`);
    return text;
  }
}

/** The run's trigger event and dedupe key for a message, or a PoisonNatsMessage saying why it can start none. */
export async function natsMessageEvent(
  msg: JsMsg,
  c: NatsTriggerConfig,
  nodeId: string,
): Promise<{ event: TriggerEvent; dedupeKey: string }> {
  const headers = natsHeadersOf(msg);
  const event: TriggerEvent = {
    body: bodyOf(msg, c.requireJson),
    headers,
    subject: msg.subject,
    sequence: msg.seq,
    stream: msg.info.stream,
    deliveryCount: msg.info.deliveryCount,
    redelivered: msg.redelivered,
  };
  let key: unknown = msg.headers?.get('Nats-Msg-Id') || `seq:${msg.seq}`;
  if (c.dedupe) {
    try {
      key = await expressions.evaluate(c.dedupe, {
        body: event.body,
        headers,
        subject: msg.subject,
        sequence: msg.seq,
      });
    } catch (err) {
      throw new PoisonNatsMessage(`the dedupe expression failed: ${(err as Error).message}`);
    }
    if ((typeof key !== 'string' && typeof key !== 'number') || key === '')
      throw new PoisonNatsMessage('the dedupe expression gave no text or number');
  }
  return { event, dedupeKey: `nats:${nodeId}:${c.stream}:${key}` };
}
