import { z } from 'zod';
import { defineNode, expression, PORTS } from '../define-node.ts';

const config = z
  .object({
    expression: expression(
      'JSONata expression over the input; its result is the output. $trigger, $steps and $run are bound.',
    ),
  })
  .strict();

export default defineNode({
  type: 'map.jsonata',
  typeVersion: 1,
  title: 'Map',
  category: 'transform',
  description: 'Reshapes data with a JSONata expression. An empty result becomes null.',
  ports: PORTS.step,
  config,
  async execute(ctx, input, c) {
    const out = await ctx.evaluate(c.expression, input);
    return out === undefined ? null : out;
  },
});
