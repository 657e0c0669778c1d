import { anyEqual, hmac, type Preset, refused, replayOf, required, signedAt } from './common.ts';

/** Characters HubSpot decodes in the URI before signing (developers.hubspot.com, validating requests, v3). */
const DECODED: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

export function hubspotUri(url: string): string {
  return url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => DECODED[m.toUpperCase()]!);
}

/**
 * HubSpot v3: "X-HubSpot-Signature-v3" holds base64 HMAC-SHA256 (the app's client secret) of
 * method + URI + body + X-HubSpot-Request-Timestamp (Unix milliseconds). The URI is the address the app
 * posts to, so this installation must know its own address (WEFT_PUBLIC_URL).
 */
export const hubspotV3: Preset = {
  headers: ['X-HubSpot-Signature-v3', 'X-HubSpot-Request-Timestamp'],
  verify(req, secrets, toleranceSeconds, nowMs) {
    const sig = required(req, 'X-HubSpot-Signature-v3');
    const ts = required(req, 'X-HubSpot-Request-Timestamp');
    const seconds = signedAt(ts, 'the X-HubSpot-Request-Timestamp header', toleranceSeconds, nowMs, 'ms');
    const head = `${req.method.toUpperCase()}${hubspotUri(req.url)}`;
    const expected = secrets.map((s) => hmac(s, [head, req.raw, ts], 'base64'));
    if (!anyEqual([sig.trim()], expected))
      throw refused(`the X-HubSpot-Signature-v3 signature does not match ${req.method} ${req.url} and the body`);
    return { replay: replayOf('hubspot-v3', expected[0]!, seconds, toleranceSeconds), eventId: null };
  },
};
