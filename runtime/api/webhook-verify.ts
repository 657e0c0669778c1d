import { createHmac } from 'node:crypto';
import { anyEqual, refused, type SignedRequest, type Verified } from './webhook-presets/common.ts';
import { PRESETS, type PresetName } from './webhook-presets/index.ts';

export interface WebhookVerify {
  /** Weft's own schemes, or the preset of the sender (its headers, what it signs, its event id). */
  scheme: 'hmac-sha256' | 'secret-header' | PresetName;
  /** Connection holding the shared secret. */
  secret: string;
  /** While the secret is rotated: the connection holding the secret being replaced, accepted too. */
  previousSecret?: string;
  header: string;
  timestampHeader: string;
  toleranceSeconds: number;
}

/** An accepted request with a signed time: its signature under the current secret, a replay until `expiresAt` (ms). */
export interface VerifiedSignature {
  signature: string;
  expiresAt: number;
}

export type { SignedRequest, Verified };

/** What a trigger's `verify` leaves out (a trigger added before the presets always names its scheme). */
export const VERIFY_DEFAULTS = {
  scheme: 'standard-webhooks' as const,
  header: 'X-Weft-Signature',
  timestampHeader: 'X-Weft-Timestamp',
  toleranceSeconds: 300,
};

/** Signatures looked at in one header (a sender signs with the new and the old secret while rotating). */
const MAX_SIGNATURES = 8;

/**
 * Checks a webhook caller against the flow's shared secrets (the current one first, then the one being
 * rotated out, if any), in constant time. hmac-sha256: the header holds hex HMAC-SHA256 of
 * "<timestamp>.<raw body>" (optionally "sha256=…"; several separated by commas), and the timestamp (Unix
 * seconds) must be within the tolerance. A preset checks what its sender signs (webhook-presets/). Returns
 * the signature to remember against replays within the tolerance, and the sender's event id if it sends one.
 */
export function verifyWebhook(v: WebhookVerify, secrets: string[], req: SignedRequest, nowMs: number): Verified {
  if (v.scheme !== 'hmac-sha256' && v.scheme !== 'secret-header') {
    const preset = Object.hasOwn(PRESETS, v.scheme) ? PRESETS[v.scheme] : undefined;
    if (!preset) throw refused(`the webhook's verify.scheme "${String(v.scheme)}" is not one Weft knows`);
    return preset.verify(req, secrets, v.toleranceSeconds, nowMs);
  }
  const { headers, raw } = req;
  const sent = headers[v.header.toLowerCase()];
  if (!sent) throw refused(`the ${v.header} header is missing; this webhook only accepts verified callers`);
  const parts = sent
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, MAX_SIGNATURES);
  if (v.scheme === 'secret-header') {
    if (!anyEqual([sent, ...parts], secrets)) throw refused(`the ${v.header} header does not hold the shared secret`);
    return { replay: null, eventId: null };
  }
  const ts = headers[v.timestampHeader.toLowerCase()];
  if (!ts || !/^\d{1,12}$/.test(ts))
    throw refused(`the ${v.timestampHeader} header must hold the signing time in Unix seconds`);
  const skew = Math.abs(nowMs / 1000 - Number(ts));
  if (skew > v.toleranceSeconds)
    throw refused(
      `the signature is ${Math.round(skew)} s away from now (more than ${v.toleranceSeconds} s): refused as a possible replay`,
    );
  const expected = secrets.map((s) => createHmac('sha256', s).update(`${ts}.`).update(raw).digest('hex'));
  if (
    !anyEqual(
      parts.map((p) => p.replace(/^sha256=/i, '').toLowerCase()),
      expected,
    )
  )
    throw refused(`the ${v.header} signature does not match the body`);
  return { replay: { signature: expected[0]!, expiresAt: (Number(ts) + v.toleranceSeconds) * 1000 }, eventId: null };
}
