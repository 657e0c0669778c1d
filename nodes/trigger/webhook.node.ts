import { z } from 'zod';
import { defineNode, expression, PORTS } from '../define-node.ts';
import { triggerBody } from './body.ts';

const config = z
  .object({
    path: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[A-Za-z0-9_-][A-Za-z0-9_/-]*$/, 'use letters, digits, "-", "_" and "/" without a leading "/"')
      .describe('URL path under /hooks/ that starts this flow, e.g. "opportunity-won" or "crm/opportunity-won"'),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST').describe('HTTP method the webhook accepts'),
    respond: z
      .enum(['immediately', 'onCompletion'])
      .default('onCompletion')
      .describe('Answer the caller at once (202) or wait for the run and return its response'),
    dedupe: expression('Expression over the body giving a key; a second event with the same key returns the first run, e.g. "opportunity.id"').optional(),
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
  execute: (_ctx, input) => triggerBody(input),
});
