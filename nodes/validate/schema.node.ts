import { z } from 'zod';
import { defineNode, emit, expression } from '../define-node.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import { JSON_SCHEMA_META } from '../../shared/canonical/ref.ts';
import { compileJsonSchema, describeAjvErrors, checkJsonSchema } from './json-schema.ts';

export { checkJsonSchema } from './json-schema.ts';

const rule = z
  .object({
    expression: expression('Predicate over the input; the rule passes only when it is exactly true'),
    message: z.string().min(1).max(500).describe('Message reported when the rule fails'),
    path: z
      .string()
      .max(500)
      .optional()
      .describe('JSON pointer of the offending field, e.g. "/budget"; "/" when empty'),
  })
  .strict();

const config = z
  .object({
    schema: z
      .record(z.string(), z.unknown())
      .default({})
      .describe(
        'JSON Schema the input must match (draft-07 unless $schema says 2019-09 or 2020-12); {"$ref": "canonical:<Name>"} checks a canonical model',
      )
      .superRefine((schema, ctx) => {
        const problem = checkJsonSchema(schema);
        if (problem) ctx.addIssue({ code: 'custom', message: `schema does not compile: ${problem}` });
      })
      .meta({ [JSON_SCHEMA_META]: true }),
    rules: z.array(rule).max(200).default([]).describe('Business rules checked in addition to the schema'),
  })
  .strict();

export interface ValidationProblem {
  path: string;
  message: string;
  keyword?: string;
}

export default defineNode({
  type: 'validate.schema',
  typeVersion: 1,
  title: 'Validate',
  category: 'validate',
  description:
    'Checks the input against a JSON Schema and rules. Valid input leaves unchanged by "valid"; otherwise { errors, input } leaves by "invalid".',
  ports: { inputs: ['in'], outputs: ['valid', 'invalid'] },
  failsUnconnected: { invalid: 'nothing handles "invalid": invalid input will fail the run (code validation_failed)' },
  config,
  async execute(ctx, input, c) {
    let validate: ReturnType<typeof compileJsonSchema>;
    try {
      validate = compileJsonSchema(c.schema);
    } catch (err) {
      throw new WeftError(ErrorCodes.config, `schema does not compile: ${(err as Error).message}`, {
        retryable: false,
        cause: err,
      });
    }
    const errors: ValidationProblem[] = validate(input) ? [] : describeAjvErrors(validate.errors);
    for (const [i, r] of c.rules.entries()) {
      let value: unknown;
      try {
        value = await ctx.evaluate(r.expression, input);
      } catch (err) {
        throw new WeftError(ErrorCodes.expression, `rules[${i}] (${r.expression}): ${(err as Error).message}`, {
          retryable: false,
          details: { rule: i },
          cause: err,
        });
      }
      if (value !== true) errors.push({ path: r.path || '/', message: r.message });
    }
    if (errors.length === 0) return emit('valid', input);
    // With nothing connected to "invalid", passing the input on would end the run as if it had succeeded.
    if (!ctx.connected('invalid'))
      throw new WeftError(
        ErrorCodes.validation,
        `input is invalid: ${errors
          .slice(0, 5)
          .map((e) => `${e.path} ${e.message}`)
          .join('; ')}${errors.length > 5 ? ` (and ${errors.length - 5} more)` : ''}`,
        { retryable: false, details: { errors } },
      );
    return emit('invalid', { errors, input });
  },
});
