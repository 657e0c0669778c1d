import { ErrorCodes } from '../../shared/errors.ts';
import { errorBody } from './errors.ts';
import type { WebhookAnswer } from './webhook.ts';

/** Longest value echoed back; a sender's validation token is far shorter. */
const MAX_ECHO = 4096;

/**
 * The answer to a sender checking the address with a query parameter (Microsoft Graph's validationToken):
 * 200 with the value as plain text, within the sender's deadline, and no run.
 */
export function echoAnswer(param: string, value: string): WebhookAnswer {
  if (value.length === 0 || value.length > MAX_ECHO)
    return {
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        errorBody(ErrorCodes.badRequest, `the ${param} query parameter must hold 1 to ${MAX_ECHO} characters`),
      ),
    };
  return {
    status: 200,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
    body: value,
  };
}

/**
 * Slack's Events API checks a new request URL with a signed `{"type": "url_verification", "challenge": …}`;
 * the challenge is answered back and no run starts. Null when the body is anything else.
 */
export function slackChallenge(raw: Buffer): WebhookAnswer | null {
  if (raw.length === 0 || raw.length > 16_384 || raw[0] !== 0x7b) return null;
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return null;
  }
  const { type, challenge } = (body ?? {}) as { type?: unknown; challenge?: unknown };
  if (type !== 'url_verification' || typeof challenge !== 'string') return null;
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ challenge }) };
}
