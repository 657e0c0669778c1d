import { anyEqual, hmac, type Preset, refused, replayOf, required, signedAt } from './common.ts';

/**
 * Slack: "X-Slack-Signature: v0=<hex HMAC-SHA256 of 'v0:<X-Slack-Request-Timestamp>:<body>'>" with the app's
 * signing secret (api.slack.com/authentication/verifying-requests-from-slack).
 */
export const slack: Preset = {
  headers: ['X-Slack-Signature', 'X-Slack-Request-Timestamp'],
  verify(req, secrets, toleranceSeconds, nowMs) {
    const sig = required(req, 'X-Slack-Signature');
    const ts = required(req, 'X-Slack-Request-Timestamp');
    const seconds = signedAt(ts, 'the X-Slack-Request-Timestamp header', toleranceSeconds, nowMs);
    const sent = sig
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.startsWith('v0='))
      .map((s) => s.slice(3));
    const expected = secrets.map((s) => hmac(s, [`v0:${ts}:`, req.raw], 'hex'));
    if (!anyEqual(sent, expected)) throw refused('the X-Slack-Signature signature does not match the body');
    return { replay: replayOf('slack', expected[0]!, seconds, toleranceSeconds), eventId: null };
  },
};
