import { randomUUID } from 'node:crypto';
import { standardWebhookHeaders } from '../../runtime/api/webhook-presets/standard-webhooks.ts';

/**
 * The Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature) that sign `body` under
 * `secret` ("whsec_…"), signed now, as the sample systems sign their events. The id is the event's id
 * (kept on a sender's retries); a new one unless given.
 */
export function standardWebhookSigned(secret: string, body: string, id: string = randomUUID()): Record<string, string> {
  return standardWebhookHeaders(secret, id, Date.now(), body);
}
