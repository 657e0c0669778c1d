import { anyEqual, hmac, type Preset, refused, replayOf, required, signedAt } from './common.ts';

/** The event's id in Stripe's body ("evt_…"), read once the signature holds. */
function eventIdOf(raw: Buffer): string | null {
  try {
    const body: unknown = JSON.parse(raw.toString('utf8'));
    const id = body && typeof body === 'object' ? (body as { id?: unknown }).id : undefined;
    return typeof id === 'string' && id.length > 0 && id.length <= 255 ? id : null;
  } catch {
    return null;
  }
}

/**
 * Stripe: "Stripe-Signature: t=<seconds>,v1=<hex HMAC-SHA256 of '<t>.<body>'>" (several v1 while the
 * endpoint secret is rolled); the secret is the endpoint's "whsec_…" text as is. The body's "id" is the event id.
 */
export const stripe: Preset = {
  headers: ['Stripe-Signature'],
  verify(req, secrets, toleranceSeconds, nowMs) {
    const pairs = required(req, 'Stripe-Signature')
      .split(',')
      .map((p) => p.trim().split('='));
    const t = pairs.find(([k]) => k === 't')?.[1];
    if (!t) throw refused('the Stripe-Signature header holds no "t=" timestamp');
    const seconds = signedAt(t, 'the "t=" of the Stripe-Signature header', toleranceSeconds, nowMs);
    const sent = pairs.filter(([k, v]) => k === 'v1' && v).map(([, v]) => v!);
    if (sent.length === 0) throw refused('the Stripe-Signature header holds no "v1=" signature');
    const expected = secrets.map((s) => hmac(s, [`${t}.`, req.raw], 'hex'));
    if (!anyEqual(sent, expected)) throw refused('the Stripe-Signature signature does not match the body');
    return { replay: replayOf('stripe', expected[0]!, seconds, toleranceSeconds), eventId: eventIdOf(req.raw) };
  },
};
