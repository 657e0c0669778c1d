import { base64BodyPreset, MAX_SIGNATURES } from './common.ts';

/**
 * Shopify: "X-Shopify-Hmac-Sha256" holds base64 HMAC-SHA256 of the body (the app's client secret);
 * X-Shopify-Webhook-Id, the same on a retry, is the event id.
 */
export const shopify = base64BodyPreset(
  ['X-Shopify-Hmac-Sha256', 'X-Shopify-Webhook-Id'],
  (req) => [req.headers['x-shopify-hmac-sha256'] ?? ''],
  (req) => req.headers['x-shopify-webhook-id'] || null,
);

/**
 * DocuSign Connect (HMAC security): "X-DocuSign-Signature-1" holds base64 HMAC-SHA256 of the body; with
 * several Connect keys, "X-DocuSign-Signature-2", "-3"… hold one each, and any one matching is enough.
 */
export const docusignConnect = base64BodyPreset(['X-DocuSign-Signature-1'], (req) =>
  Array.from({ length: MAX_SIGNATURES }, (_, i) => req.headers[`x-docusign-signature-${i + 1}`] ?? ''),
);

/** Intuit (QuickBooks Online): "intuit-signature" holds base64 HMAC-SHA256 of the body with the app's verifier token. */
export const intuit = base64BodyPreset(['intuit-signature'], (req) => [req.headers['intuit-signature'] ?? '']);
