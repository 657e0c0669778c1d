import { z } from 'zod';
import { defineNode, PORTS, wait } from '../define-node.ts';

const config = z
  .object({
    flowId: z
      .string()
      .min(1)
      .max(120)
      .describe('Id of the flow to run; its active version runs from its manual trigger'),
    input: z
      .unknown()
      .optional()
      .describe(
        "Trigger body of the sub-flow run; leave empty to pass this node's input, or write an expression such as \"={ 'projectCode': code }\"",
      ),
    wait: z
      .boolean()
      .default(true)
      .describe(
        'Wait for the sub-flow and output its result (a failed sub-flow fails this step), or go on at once with { runId }',
      ),
  })
  .strict();

export default defineNode({
  type: 'control.call',
  typeVersion: 1,
  title: 'Call flow',
  category: 'control',
  recorded: true,
  description:
    'Runs another active flow with an input, linked to this run, and waits for its result (or not). Waiting holds no worker and survives restarts.',
  ports: PORTS.step,
  config,
  async execute(ctx, input, c) {
    const runId = await ctx.startFlow(c.flowId, c.input === undefined ? input : c.input);
    return c.wait ? wait({ child: runId }) : { runId };
  },
});
