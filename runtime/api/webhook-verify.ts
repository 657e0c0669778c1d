import { createHmac, timingSafeEqual } from 'node:crypto';
import { WeftError } from '../../shared/errors.ts';

export interface WebhookVerify {
  scheme: 'hmac-sha256' | 'secret-header';
  /** Connection holding the shared secret. */
  secret: string;
  header: string;
  timestampHeader: string;
  toleranceSeconds: number;
}

/** What a trigger's `verify` leaves out. */
export const VERIFY_DEFAULTS = { header: 'X-Weft-Signature', timestampHeader: 'X-Weft-Timestamp', toleranceSeconds: 300 };

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const refused = (message: string) => new WeftError('unauthenticated', message);

/**
 * Checks a webhook caller against the flow's shared secret, in constant time. hmac-sha256: the header
 * holds hex HMAC-SHA256 of "<timestamp>.<raw body>" (optionally "sha256=…"), and the timestamp
 * (Unix seconds) must be within the tolerance, so a captured request cannot be replayed later.
 */
export function verifyWebhook(v: WebhookVerify, sharedSecret: string, headers: Record<string, string>, raw: Buffer, nowMs: number): void {
  const sent = headers[v.header.toLowerCase()];
  if (!sent) throw refused(`the ${v.header} header is missing; this webhook only accepts verified callers`);
  if (v.scheme === 'secret-header') {
    if (!equal(sent, sharedSecret)) throw refused(`the ${v.header} header does not hold the shared secret`);
    return;
  }
  const ts = headers[v.timestampHeader.toLowerCase()];
  if (!ts || !/^\d{1,12}$/.test(ts)) throw refused(`the ${v.timestampHeader} header must hold the signing time in Unix seconds`);
  const skew = Math.abs(nowMs / 1000 - Number(ts));
  if (skew > v.toleranceSeconds) throw refused(`the signature is ${Math.round(skew)} s away from now (more than ${v.toleranceSeconds} s): refused as a possible replay`);
  const expected = createHmac('sha256', sharedSecret).update(`${ts}.`).update(raw).digest('hex');
  if (!equal(sent.replace(/^sha256=/i, '').toLowerCase(), expected)) throw refused(`the ${v.header} signature does not match the body`);
}
