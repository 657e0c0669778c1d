import { createHmac, randomBytes } from 'node:crypto';
import { Signature } from '@hubspot/api-client';
import { sign as githubSign } from '@octokit/webhooks-methods';
import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';

/** What a sender puts on one delivery: the event's id (kept on its retries), the signing time, the body. */
export interface Delivery {
  id: string;
  /** Unix milliseconds. */
  at: number;
  body: string;
  secret: string;
}

/**
 * How each sender signs, with its own npm library where it publishes a signer; otherwise by the algorithm
 * its documentation gives (said below for each).
 */
export interface Sender {
  preset: string;
  /** A secret in the form the sender hands out. */
  secret: () => string;
  headers(d: Delivery, url: string): Promise<Record<string, string>>;
  /** Signs a time: an old one is refused, and the same request within the tolerance is a replay. */
  timed: boolean;
  /** Carries an event id kept on retries: a retry starts no second run. */
  eventId: boolean;
}

const stripeClient = new Stripe('sk_test_weft');
const b64hmac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('base64');

export const SENDERS: Sender[] = [
  {
    preset: 'standard-webhooks',
    secret: () => `whsec_${randomBytes(24).toString('base64')}`,
    // The reference library of the spec (standardwebhooks, Webhook#sign).
    headers: async (d) => ({
      'webhook-id': d.id,
      'webhook-timestamp': String(Math.floor(d.at / 1000)),
      'webhook-signature': new Webhook(d.secret).sign(d.id, new Date(d.at), d.body),
    }),
    timed: true,
    eventId: true,
  },
  {
    preset: 'stripe',
    secret: () => `whsec_${randomBytes(16).toString('hex')}`,
    // stripe-node's own test signer; the event id is the body's "id".
    headers: async (d) => ({
      'stripe-signature': stripeClient.webhooks.generateTestHeaderString({
        payload: d.body,
        secret: d.secret,
        timestamp: Math.floor(d.at / 1000),
      }),
    }),
    timed: true,
    eventId: true,
  },
  {
    preset: 'github',
    secret: () => randomBytes(20).toString('hex'),
    // @octokit/webhooks-methods sign, as GitHub's own SDK.
    headers: async (d) => ({
      'x-hub-signature-256': await githubSign(d.secret, d.body),
      'x-github-delivery': d.id,
      'x-github-event': 'push',
    }),
    timed: false,
    eventId: true,
  },
  {
    preset: 'slack',
    secret: () => randomBytes(16).toString('hex'),
    // @slack/bolt verifies but exposes no signer: Slack's documented algorithm (hex HMAC of "v0:ts:body").
    headers: async (d) => {
      const ts = String(Math.floor(d.at / 1000));
      const sig = createHmac('sha256', d.secret).update(`v0:${ts}:${d.body}`).digest('hex');
      return { 'x-slack-signature': `v0=${sig}`, 'x-slack-request-timestamp': ts };
    },
    timed: true,
    eventId: false,
  },
  {
    preset: 'shopify',
    secret: () => `shpss_${randomBytes(16).toString('hex')}`,
    // @shopify/shopify-api verifies but exposes no signer: Shopify's documented base64 HMAC of the body.
    headers: async (d) => ({
      'x-shopify-hmac-sha256': b64hmac(d.secret, d.body),
      'x-shopify-webhook-id': d.id,
      'x-shopify-topic': 'orders/create',
    }),
    timed: false,
    eventId: true,
  },
  {
    preset: 'hubspot-v3',
    secret: () => randomBytes(18).toString('hex'),
    // @hubspot/api-client's Signature.getSignature (v3), the function its own isValid checks against.
    headers: async (d, url) => ({
      'x-hubspot-signature-v3': Signature.getSignature('POST', 'v3', {
        signature: '',
        clientSecret: d.secret,
        requestBody: d.body,
        url,
        timestamp: d.at,
      }),
      'x-hubspot-request-timestamp': String(d.at),
    }),
    timed: true,
    eventId: false,
  },
  {
    preset: 'docusign-connect',
    secret: () => randomBytes(32).toString('base64'),
    // DocuSign's eSign SDK verifies only: Connect's documented base64 HMAC of the body.
    headers: async (d) => ({ 'x-docusign-signature-1': b64hmac(d.secret, d.body) }),
    timed: false,
    eventId: false,
  },
  {
    preset: 'intuit',
    secret: () => randomBytes(16).toString('hex'),
    // Intuit's node SDK exposes no signer: its documented base64 HMAC of the body with the verifier token.
    headers: async (d) => ({ 'intuit-signature': b64hmac(d.secret, d.body) }),
    timed: false,
    eventId: false,
  },
];
