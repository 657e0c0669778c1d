import { createHmac, timingSafeEqual } from 'node:crypto';
import { WeftError } from '../../shared/errors.ts';

export interface WebhookVerify {
  scheme: 'hmac-sha256' | 'secret-header';
  /** Connection holding the shared secret. */
  secret: string;
  /** While the secret is rotated: the connection holding the secret being replaced, accepted too. */
  previousSecret?: string;
  header: string;
  timestampHeader: string;
  toleranceSeconds: number;
}

/** An accepted hmac-sha256 request: its signature under the current secret, a replay until `expiresAt` (ms). */
export interface VerifiedSignature {
  signature: string;
  expiresAt: number;
}

/** What a trigger's `verify` leaves out. */
export const VERIFY_DEFAULTS = {
  header: 'X-Weft-Signature',
  timestampHeader: 'X-Weft-Timestamp',
  toleranceSeconds: 300,
};

/** Signatures looked at in one header (a sender signs with the new and the old secret while rotating). */
const MAX_SIGNATURES = 8;

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Constant time for each pair; every pair is compared, so the time does not tell which one matched. */
function anyEqual(sent: string[], expected: string[]): boolean {
  let found = false;
  for (const s of sent) for (const e of expected) found = equal(s, e) || found;
  return found;
}

const refused = (message: string) => new WeftError('unauthenticated', message);

/**
 * Checks a webhook caller against the flow's shared secrets (the current one first, then the one being
 * rotated out, if any), in constant time. hmac-sha256: the header holds hex HMAC-SHA256 of
 * "<timestamp>.<raw body>" (optionally "sha256=…"; several separated by commas), and the timestamp (Unix
 * seconds) must be within the tolerance. Returns the signature to remember against replays within it.
 */
export function verifyWebhook(
  v: WebhookVerify,
  secrets: string[],
  headers: Record<string, string>,
  raw: Buffer,
  nowMs: number,
): VerifiedSignature | null {
  const sent = headers[v.header.toLowerCase()];
  if (!sent) throw refused(`the ${v.header} header is missing; this webhook only accepts verified callers`);
  const parts = sent
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, MAX_SIGNATURES);
  if (v.scheme === 'secret-header') {
    if (!anyEqual([sent, ...parts], secrets)) throw refused(`the ${v.header} header does not hold the shared secret`);
    return null;
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
  return { signature: expected[0]!, expiresAt: (Number(ts) + v.toleranceSeconds) * 1000 };
}
