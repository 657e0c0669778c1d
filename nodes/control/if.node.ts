import { z } from 'zod';
import { defineNode, emit, expression } from '../define-node.ts';

const config = z
  .object({
    condition: expression(
      'Predicate over the input; the input leaves by "true" when it is exactly true, else by "false"',
    ),
  })
  .strict();

export default defineNode({
  type: 'control.if',
  typeVersion: 1,
  title: 'If',
  category: 'control',
  description: 'Routes the input, unchanged, to "true" or "false" by a predicate.',
  ports: { inputs: ['in'], outputs: ['true', 'false'] },
  config,
  async execute(ctx, input, c) {
    const ok = (await ctx.evaluate(c.condition, input)) === true;
    return emit(ok ? 'true' : 'false', input);
  },
});
