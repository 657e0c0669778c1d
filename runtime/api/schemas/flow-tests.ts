import { z } from '@hono/zod-openapi';
import { named } from '../openapi.ts';
import { testCaseSchema } from '../../../shared/flow-tests.ts';

/** Schemas of the flow test case routes (the types are shared/flow-tests.ts). */
export const TestCase = named(testCaseSchema, 'TestCase');

export const TestDifference = z
  .object({
    path: z.string().openapi({ example: 'steps.rate.output.amount' }),
    expected: z.unknown(),
    actual: z.unknown(),
    message: z.string().optional(),
  })
  .openapi('TestDifference');

export const TestCaseResult = z
  .object({
    name: z.string(),
    passed: z.boolean(),
    error: z
      .string()
      .optional()
      .describe('Why it failed besides its differences: a missing recording, a run that could not start'),
    differences: z.array(TestDifference),
    durationMs: z.number().int(),
    runId: z.string().optional().describe('The test run of the case'),
  })
  .openapi('TestCaseResult');

export const TestReport = z
  .object({ flowId: z.string(), passed: z.number().int(), failed: z.number().int(), cases: z.array(TestCaseResult) })
  .openapi('TestReport');

export const TestsFailed = z
  .object({
    error: z.object({
      code: z.literal('tests_failed'),
      message: z.string(),
      details: z.object({ report: TestReport }),
    }),
  })
  .openapi('TestsFailed');
