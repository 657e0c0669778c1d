import { z } from 'zod';
import { defineNode, expression, PORTS } from '../define-node.ts';
import { answerDeadlineWarning } from '../../shared/webhook-deadlines.ts';
import { MEDIA_RANGE, triggerBody } from './body.ts';

/** Weft's own schemes and the senders' presets (runtime/api/webhook-presets/). */
export const SCHEMES = [
  'standard-webhooks',
  'stripe',
  'github',
  'slack',
  'shopify',
  'hubspot-v3',
  'docusign-connect',
  'intuit',
  'hmac-sha256',
  'secret-header',
] as const;

const config = z
  .object({
    path: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[A-Za-z0-9_-][A-Za-z0-9_/-]*$/, 'use letters, digits, "-", "_" and "/" without a leading "/"')
      .describe('URL path under /hooks/ that starts this flow, e.g. "opportunity-won" or "crm/opportunity-won"'),
    method: z
      .enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])
      .default('POST')
      .describe('HTTP method the webhook accepts'),
    respond: z
      .enum(['immediately', 'onCompletion'])
      .default('onCompletion')
      .describe('Answer the caller at once (202) or wait for the run and return its response'),
    accept: z
      .array(z.string().regex(MEDIA_RANGE, 'use a lower-case media type such as "text/plain", "text/*" or "*/*"'))
      .min(1)
      .max(20)
      .optional()
      .describe(
        'Content types the webhook accepts; others get 415. Default: JSON ("application/json", which also covers "+json" types). ' +
          'application/x-www-form-urlencoded arrives as an object of fields, other types as UTF-8 text',
      ),
    dedupe: expression(
      'Expression over the body giving a key; a second event with the same key returns the first run, e.g. "opportunity.id"',
    ).optional(),
    echoQuery: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,100}$/, 'use the name of a query parameter, e.g. "validationToken"')
      .optional()
      .describe(
        'A query parameter a sender checks the address with: a request carrying it is answered 200 with its value ' +
          'as text and starts no run (Microsoft Graph: "validationToken")',
      ),
    salesforceOutboundMessage: z
      .boolean()
      .optional()
      .describe(
        'Bodies are Salesforce Outbound Messages (SOAP, text/xml): each Notification starts its own run with ' +
          '{ organizationId, actionId, notificationId, sObjectType, sObject, enterpriseUrl, partnerUrl }, deduplicated ' +
          'by its Id unless a dedupe expression is set, and the answer is the SOAP Ack once every run is stored ' +
          '(a SOAP Fault otherwise, and Salesforce sends the message again); respond and accept do not apply',
      ),
    verify: z
      .object({
        scheme: z
          .enum(SCHEMES)
          .default('standard-webhooks')
          .describe(
            'How the sender signs: ' +
              '"standard-webhooks" (webhook-id, webhook-timestamp, webhook-signature; Svix, Zapier and others; secret "whsec_…"), ' +
              '"stripe" (Stripe-Signature), "github" (X-Hub-Signature-256, X-GitHub-Delivery), ' +
              '"slack" (X-Slack-Signature, X-Slack-Request-Timestamp; answers its url_verification challenge), "shopify" (X-Shopify-Hmac-Sha256, X-Shopify-Webhook-Id), ' +
              '"hubspot-v3" (X-HubSpot-Signature-v3, X-HubSpot-Request-Timestamp; needs WEFT_PUBLIC_URL), ' +
              '"docusign-connect" (X-DocuSign-Signature-1), "intuit" (intuit-signature); ' +
              'or Weft\'s own "hmac-sha256" (the caller signs "<timestamp>.<body>" in the header below) and ' +
              '"secret-header" (the caller sends the shared secret itself). The sender\'s event id, where it sends one, ' +
              'is the dedupe key when none is set',
          ),
        secret: z
          .string()
          .min(1)
          .max(63)
          .describe(
            'The connection whose secret (API key or bearer token) is the shared secret; secrets never live in the flow',
          )
          .meta({ 'x-weft-connection': true }),
        previousSecret: z
          .string()
          .min(1)
          .max(63)
          .optional()
          .describe(
            'While rotating the shared secret: the connection with the secret being replaced, accepted too until it is removed',
          )
          .meta({ 'x-weft-connection': true }),
        header: z
          .string()
          .regex(/^[A-Za-z0-9-]{1,100}$/)
          .default('X-Weft-Signature')
          .describe(
            'hmac-sha256 and secret-header only (a preset uses its sender\'s headers): header with the signature (hex, "sha256=" prefix allowed; several separated by commas) or the secret',
          ),
        timestampHeader: z
          .string()
          .regex(/^[A-Za-z0-9-]{1,100}$/)
          .default('X-Weft-Timestamp')
          .describe('Header with the signing time (Unix seconds); hmac-sha256 only'),
        toleranceSeconds: z
          .number()
          .int()
          .min(1)
          .max(3600)
          .default(300)
          .describe(
            'How far the signing time may be from now (schemes that sign a time); older requests are refused as replays, and a signature seen within this time is refused as a replay too',
          ),
      })
      .strict()
      .optional()
      .meta({ title: 'Verify callers' })
      .describe('Refuse requests that do not prove they come from the system that holds the shared secret (401)'),
  })
  .strict();

export default defineNode({
  type: 'trigger.webhook',
  typeVersion: 1,
  title: 'Webhook',
  category: 'trigger',
  description: 'Starts a run when an HTTP request arrives at /hooks/<path>. Outputs the request body.',
  ports: PORTS.trigger,
  trigger: 'webhook',
  config,
  check(c) {
    const scheme = (c.verify as { scheme?: unknown } | undefined)?.scheme;
    const message = answerDeadlineWarning(typeof scheme === 'string' ? scheme : undefined, c.respond);
    return message ? [{ severity: 'warning', field: 'respond', message }] : [];
  },
  execute: (_ctx, input) => triggerBody(input),
});
