import { createHmac } from 'node:crypto';
import { isIP } from 'node:net';
import type { HttpClient } from '../../nodes/define-node.ts';
import type { ChannelKind } from '../../shared/alerts.ts';
import type { Notification } from '../../shared/alert-history.ts';
import type { EgressPolicy } from '../engine/egress.ts';
import { standardWebhookHeaders } from '../api/webhook-presets/standard-webhooks.ts';
import { emailMessage, slackMessage } from './notification.ts';
import { smtpAddress } from './smtp-address.ts';

/** A channel ready to send: its settings and its secret ones, opened. */
export interface ChannelTarget {
  id: string;
  kind: ChannelKind;
  settings: Record<string, unknown>;
  secrets: ChannelSecrets;
}

/** The write-only settings of a channel, kept sealed. */
export interface ChannelSecrets {
  /** webhook: the signing secret. */
  secret?: string;
  /** slack: the incoming webhook URL. */
  url?: string;
  /** email: the SMTP password. */
  pass?: string;
}

export interface SendOptions {
  /** The HTTP client with the egress guard (webhook and Slack). */
  http: HttpClient;
  /** The same egress guard, for SMTP servers. */
  egress: Pick<EgressPolicy, 'lookup'>;
  timeoutMs: number;
  /** The clock (epoch ms) a webhook's signing time is read from. */
  now?: () => number;
}

/** The header a webhook body is signed in: `sha256=<hex HMAC-SHA256 of the body under the channel's secret>`. */
export const SIGNATURE_HEADER = 'x-weft-signature';

export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Sends one notification; throws with what went wrong (the outbox retries it). */
export async function send(target: ChannelTarget, n: Notification, deliveryId: string, o: SendOptions): Promise<void> {
  if (target.kind === 'email') return sendEmail(target, n, o);
  const url = target.kind === 'slack' ? target.secrets.url : (target.settings.url as string | undefined);
  if (!url) throw new Error(`channel ${target.id} has no URL`);
  const body = JSON.stringify(target.kind === 'slack' ? slackMessage(n) : n);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (target.kind === 'webhook') {
    headers['x-weft-event'] = n.event;
    headers['x-weft-delivery'] = deliveryId;
    const secret = target.secrets.secret;
    if (secret) {
      headers[SIGNATURE_HEADER] = signature(secret, body);
      // Standard Webhooks too, with the delivery id as webhook-id (the same on every attempt).
      Object.assign(headers, standardWebhookHeaders(secret, deliveryId, (o.now ?? Date.now)(), body));
    }
  }
  const res = await o.http.request({
    method: 'POST',
    url,
    headers,
    body,
    timeoutMs: o.timeoutMs,
    allowPrivate: target.settings.allowPrivate === true,
  });
  if (res.status < 200 || res.status > 299)
    throw new Error(`${new URL(url).host} answered ${res.status}${res.body ? `: ${res.body.slice(0, 200)}` : ''}`);
}

async function sendEmail(target: ChannelTarget, n: Notification, o: SendOptions): Promise<void> {
  const s = target.settings as {
    host: string;
    port: number;
    secure: boolean;
    from: string;
    to: string[];
    auth?: { user: string };
  };
  const timeoutMs = o.timeoutMs;
  // Connects to the address the guard checked; TLS still verifies the certificate for the host's name.
  const address = await smtpAddress(o.egress, s.host, s.port);
  // Loaded at the first email: a runtime without email channels carries no SMTP client.
  const { createTransport } = await import('nodemailer');
  const transport = createTransport({
    host: address,
    servername: isIP(s.host) ? undefined : s.host,
    port: s.port,
    secure: s.secure,
    auth: s.auth ? { user: s.auth.user, pass: target.secrets.pass ?? '' } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  try {
    const { subject, text } = emailMessage(n);
    await transport.sendMail({ from: s.from, to: s.to, subject, text });
  } finally {
    transport.close();
  }
}
