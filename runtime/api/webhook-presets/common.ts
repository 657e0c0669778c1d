import { createHmac, timingSafeEqual } from 'node:crypto';
import { WeftError } from '../../../shared/errors.ts';

/** A webhook request as its sender signed it. */
export interface SignedRequest {
  method: string;
  /** The address the sender posted to (HubSpot signs it): scheme, host, path and query. */
  url: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  raw: Buffer;
}

/** A request whose signature holds. */
export interface Verified {
  /** Its signature under the current secret, remembered against replays until `expiresAt` (ms); null when nothing signed a time. */
  replay: { signature: string; expiresAt: number } | null;
  /** The sender's id of the event (its retries carry the same one): the run's dedupe key when the flow sets none. */
  eventId: string | null;
}

/** How one sender signs its webhooks. */
export interface Preset {
  /** Headers the sender puts its signature, time and event id in, as the designer lists them. */
  headers: string[];
  verify(req: SignedRequest, secrets: string[], toleranceSeconds: number, nowMs: number): Verified;
}

/** Signatures looked at in one request (a sender signs with the new and the old secret while rotating). */
export const MAX_SIGNATURES = 8;

export const refused = (message: string) => new WeftError('unauthenticated', message);

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Constant time for each pair; every pair is compared, so the time does not tell which one matched. */
export function anyEqual(sent: string[], expected: string[]): boolean {
  let found = false;
  for (const s of sent.slice(0, MAX_SIGNATURES)) for (const e of expected) found = equal(s, e) || found;
  return found;
}

export function hmac(key: string | Buffer, parts: (string | Buffer)[], encoding: 'hex' | 'base64'): string {
  const h = createHmac('sha256', key);
  for (const p of parts) h.update(p);
  return h.digest(encoding);
}

/** The header's value, or a 401 naming it. */
export function required(req: SignedRequest, header: string): string {
  const v = req.headers[header.toLowerCase()];
  if (!v) throw refused(`the ${header} header is missing; this webhook only accepts verified callers`);
  return v;
}

/**
 * The signing time in seconds, refused (401) when it is not a whole number of `unit` or is further from now
 * than the tolerance (a possible replay).
 */
export function signedAt(
  value: string,
  where: string,
  toleranceSeconds: number,
  nowMs: number,
  unit: 's' | 'ms' = 's',
) {
  if (!/^\d{1,15}$/.test(value))
    throw refused(`${where} must hold the signing time in Unix ${unit === 's' ? 'seconds' : 'milliseconds'}`);
  const seconds = unit === 's' ? Number(value) : Number(value) / 1000;
  const skew = Math.abs(nowMs / 1000 - seconds);
  if (skew > toleranceSeconds)
    throw refused(
      `the signature is ${Math.round(skew)} s away from now (more than ${toleranceSeconds} s): refused as a possible replay`,
    );
  return seconds;
}

/** What a preset with a signed time remembers: the signature under the current secret, while the time is within the tolerance. */
export function replayOf(preset: string, signature: string, seconds: number, toleranceSeconds: number) {
  return { signature: `${preset}:${signature}`, expiresAt: Math.ceil((seconds + toleranceSeconds) * 1000) };
}

/** Presets whose sender signs only the body with HMAC-SHA256 in base64 (Shopify, DocuSign Connect, Intuit). */
export function base64BodyPreset(
  headers: string[],
  signatures: (req: SignedRequest) => string[],
  eventId: (req: SignedRequest) => string | null = () => null,
): Preset {
  return {
    headers,
    verify(req, secrets) {
      const sent = signatures(req).filter(Boolean);
      if (sent.length === 0)
        throw refused(`the ${headers[0]} header is missing; this webhook only accepts verified callers`);
      const expected = secrets.map((s) => hmac(s, [req.raw], 'base64'));
      if (!anyEqual(sent, expected)) throw refused(`the ${headers[0]} signature does not match the body`);
      return { replay: null, eventId: eventId(req) };
    },
  };
}
