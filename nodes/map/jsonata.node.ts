import { z } from 'zod';
import { defineNode, expression, PORTS } from '../define-node.ts';
import { EXPRESSION_META } from '../../shared/flow.ts';
import { JSON_SCHEMA_META } from '../../shared/canonical/ref.ts';
import { MAPPER_META, mappingFindings } from '../../shared/mapping/check.ts';
import { canonicalResolver } from '../../shared/mapping/canonical-target.ts';

const config = z
  .object({
    expression: expression(
      'JSONata expression over the input; its result is the output. $trigger, $steps and $run are bound.',
    ).meta({ [EXPRESSION_META]: true, [MAPPER_META]: 'targetSchema' }),
    targetSchema: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        'JSON Schema of the output, for the mapper\'s target fields: {"$ref": "canonical:<Name>"} or a schema inferred from an example. The static check reports required fields the mapping leaves unmapped',
      )
      .meta({ [JSON_SCHEMA_META]: true }),
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
  check: (c) =>
    mappingFindings(c.expression, c.targetSchema, canonicalResolver).map((f) => ({ severity: 'warning', ...f })),
  async execute(ctx, input, c) {
    const out = await ctx.evaluate(c.expression, input);
    return out === undefined ? null : out;
  },
});
