import { WeftError } from '../../../shared/errors.ts';
import { anyEqual, hmac, type Preset, refused, replayOf, required, signedAt } from './common.ts';

const PREFIX = 'whsec_';

/** The signing key of a Standard Webhooks secret: base64 after the "whsec_" prefix. */
function keyOf(secret: string): Buffer {
  const b64 = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64))
    throw new WeftError(
      'webhook_misconfigured',
      'the webhook\'s secret connection does not hold a Standard Webhooks secret ("whsec_" followed by base64)',
    );
  return Buffer.from(b64, 'base64');
}

/**
 * The Standard Webhooks signature of one message: base64 HMAC-SHA256 of "<id>.<timestamp>.<body>" under the
 * key, as "webhook-signature" carries it after "v1,". Weft's verifier and its outgoing webhooks both use it.
 */
export function standardWebhookSignature(key: Buffer, id: string, timestamp: string, body: string | Buffer): string {
  return hmac(key, [`${id}.${timestamp}.`, body], 'base64');
}

/**
 * The headers that sign an outgoing webhook with Standard Webhooks. A "whsec_" secret signs with its base64
 * key; any other secret with its UTF-8 bytes (a receiver gives the library "whsec_" + their base64).
 */
export function standardWebhookHeaders(secret: string, id: string, nowMs: number, body: string | Buffer) {
  const key = secret.startsWith(PREFIX) ? keyOf(secret) : Buffer.from(secret, 'utf8');
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${standardWebhookSignature(key, id, timestamp, body)}`,
  };
}

/**
 * Standard Webhooks (standardwebhooks.com; Svix, Zapier and others): "webhook-signature" holds
 * space-separated "v1,<base64 HMAC-SHA256 of '<webhook-id>.<webhook-timestamp>.<body>'>" (several while the
 * secret is rotated); Svix's "svix-" headers are accepted too. webhook-id is the event id.
 */
export const standardWebhooks: Preset = {
  headers: ['webhook-id', 'webhook-timestamp', 'webhook-signature'],
  verify(req, secrets, toleranceSeconds, nowMs) {
    const h = (name: string) => req.headers[`webhook-${name}`] ?? req.headers[`svix-${name}`];
    const id = h('id') ?? required(req, 'webhook-id');
    const ts = h('timestamp') ?? required(req, 'webhook-timestamp');
    const sig = h('signature') ?? required(req, 'webhook-signature');
    const seconds = signedAt(ts, 'the webhook-timestamp header', toleranceSeconds, nowMs);
    const sent = sig
      .split(' ')
      .filter((s) => s.startsWith('v1,'))
      .map((s) => s.slice(3));
    const expected = secrets.map((s) => standardWebhookSignature(keyOf(s), id, ts, req.raw));
    if (!anyEqual(sent, expected)) throw refused('the webhook-signature signature does not match the body');
    return { replay: replayOf('standard-webhooks', expected[0]!, seconds, toleranceSeconds), eventId: id };
  },
};
