import { randomBytes } from 'node:crypto';
import { ErrorCodes, type WeftError } from '../../shared/errors.ts';
import type { Weft } from '../weft.ts';

/** The connection whose secret the example flows' webhooks check the sample systems' signatures against. */
export const SAMPLE_WEBHOOKS_CONNECTION = 'sample-systems-webhooks';

/** A new Standard Webhooks secret: "whsec_" and 32 random bytes in base64. */
export function newStandardWebhooksSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * The Standard Webhooks secret the sample systems sign their events with and the example flows verify:
 * the one stored in the connection `sample-systems-webhooks` (sealed in the connection store like any
 * other secret), or a new one stored there first. Kept across restarts; an admin may replace it.
 */
export async function sampleWebhooksSecret(weft: Pick<Weft, 'connections'>, baseUrl: string): Promise<string> {
  const stored = await weft.connections.sharedSecret(SAMPLE_WEBHOOKS_CONNECTION).catch(() => null);
  if (stored) return stored;
  const secret = newStandardWebhooksSecret();
  try {
    await weft.connections.create({
      id: SAMPLE_WEBHOOKS_CONNECTION,
      name: "Sample systems' webhook signatures",
      baseUrl,
      auth: { type: 'api_key', key: secret },
    });
    return secret;
  } catch (err) {
    // Another process of the same data created it first: its secret is the one.
    if ((err as WeftError).code !== ErrorCodes.conflict) throw err;
    return weft.connections.sharedSecret(SAMPLE_WEBHOOKS_CONNECTION);
  }
}
