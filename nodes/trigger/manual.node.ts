import { z } from 'zod';
import { defineNode, PORTS } from '../define-node.ts';
import { triggerBody } from './body.ts';

export default defineNode({
  type: 'trigger.manual',
  typeVersion: 1,
  title: 'Manual',
  category: 'trigger',
  description: 'Starts a run from the designer or the API with a given payload. Outputs that payload.',
  ports: PORTS.trigger,
  trigger: 'manual',
  config: z.object({}).strict(),
  execute: (_ctx, input) => triggerBody(input),
});
