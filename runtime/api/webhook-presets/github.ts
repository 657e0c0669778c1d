import { anyEqual, hmac, type Preset, refused, required } from './common.ts';

/**
 * GitHub: "X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>". Nothing signs a time, so a replay is
 * caught by its delivery id (X-GitHub-Delivery, the same on a redelivery), the run's dedupe key.
 */
export const github: Preset = {
  headers: ['X-Hub-Signature-256', 'X-GitHub-Delivery'],
  verify(req, secrets) {
    const sent = required(req, 'X-Hub-Signature-256')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.startsWith('sha256='))
      .map((s) => s.slice(7));
    const expected = secrets.map((s) => hmac(s, [req.raw], 'hex'));
    if (!anyEqual(sent, expected)) throw refused('the X-Hub-Signature-256 signature does not match the body');
    return { replay: null, eventId: req.headers['x-github-delivery'] || null };
  },
};
