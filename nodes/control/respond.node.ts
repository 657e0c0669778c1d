import { z } from 'zod';
import { defineNode, PORTS } from '../define-node.ts';

const config = z
  .object({
    status: z.number().int().min(100).max(599).default(200).describe('HTTP status sent to the webhook caller'),
    headers: z.record(z.string(), z.string()).default({}).describe('Response headers'),
    body: z.unknown().optional().describe('Response body; leave empty to send the input. Objects are sent as JSON.'),
  })
  .strict();

export default defineNode({
  type: 'control.respond',
  typeVersion: 1,
  title: 'Respond',
  category: 'control',
  description:
    'Sets the answer a waiting webhook caller receives (trigger with respond "onCompletion"). Outputs what was sent.',
  ports: PORTS.step,
  config,
  execute(ctx, input, c) {
    const response = { status: c.status, headers: c.headers, body: c.body === undefined ? input : c.body };
    ctx.respond(response);
    return response;
  },
});
