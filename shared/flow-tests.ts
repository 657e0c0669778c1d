import { z } from 'zod';

/**
 * A flow's test cases (kept in the flow definition next to its samples): a trigger input, the answers recorded
 * for the steps that reach outside the flow (connectors, lookup writes, calls of other flows, approvals), and
 * what must come out. Running a case never calls a real system: a recorded step is answered from its
 * recording, and one with no recording fails the case.
 */

const nodeId = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be a node id of this flow');

/** What a recording answers: a step by its node id, or a step's compensating call as "<node id>~compensate". */
const recordingKey = z
  .string()
  .min(1)
  .max(131)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]*(~compensate)?$/,
    'must be a node id of this flow, or a node id and "~compensate" for its compensating call',
  );

/** A recorded step succeeding: its output, on `port` ("out" unless said). */
export const recordedOutputSchema = z
  .object({
    output: z.unknown(),
    port: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,60}$/)
      .optional(),
  })
  .strict();

/** A recorded step failing, as the system's error would make it fail. */
export const recordedErrorSchema = z
  .object({
    error: z
      .object({
        code: z.string().min(1).max(120),
        message: z.string().max(2000),
        retryable: z.boolean().optional(),
      })
      .strict(),
  })
  .strict();

export const recordedAnswerSchema = z.union([recordedOutputSchema, recordedErrorSchema]);
export type RecordedAnswer = z.infer<typeof recordedAnswerSchema>;

/** One answer for every call of the step, or a list answered in call order (a step in a loop body, a retry). */
export const recordingSchema = z.union([recordedAnswerSchema, z.array(recordedAnswerSchema).min(1).max(10_000)]);
export type Recording = z.infer<typeof recordingSchema>;

/** What a case expects of one step; fields left out are not compared. */
export const stepExpectationSchema = z
  .object({
    status: z.enum(['succeeded', 'failed', 'skipped']).optional(),
    port: z.string().max(60).optional(),
    output: z.unknown().optional(),
    error: z
      .object({ code: z.string().max(120) })
      .strict()
      .optional(),
  })
  .strict();

export const TEST_RUN_STATUSES = ['succeeded', 'failed', 'compensated', 'waiting_approval'] as const;

export const expectationSchema = z
  .object({
    /** The run's end status (default: succeeded). */
    status: z.enum(TEST_RUN_STATUSES).optional(),
    /** The answer given to the webhook caller; fields left out are not compared. */
    response: z
      .object({ status: z.number().int().min(100).max(599).optional(), body: z.unknown().optional() })
      .strict()
      .optional(),
    steps: z.record(nodeId, stepExpectationSchema).optional(),
    /** JSONata expressions over $trigger, $steps, $response and $env that must each be true. */
    assertions: z.array(z.string().min(1).max(10_000)).max(200).optional(),
  })
  .strict();
export type Expectation = z.infer<typeof expectationSchema>;

export const testCaseSchema = z
  .object({
    name: z.string().min(1).max(200),
    description: z.string().max(2000).optional(),
    /** The trigger node the case starts from (default: the flow's first trigger). */
    trigger: nodeId.optional(),
    input: z.unknown(),
    headers: z.record(z.string(), z.string()).optional(),
    query: z.record(z.string(), z.string()).optional(),
    /** Environment variables for this case, over the installation's (or `weft test --env`). */
    env: z.record(z.string(), z.string()).optional(),
    recordings: z.record(recordingKey, recordingSchema).optional(),
    expect: expectationSchema.default({}),
  })
  .strict();
export type TestCase = z.output<typeof testCaseSchema>;
export type TestCaseInput = z.input<typeof testCaseSchema>;

export const testCasesSchema = z
  .array(testCaseSchema)
  .max(100)
  .superRefine((cases, ctx) => {
    const seen = new Set<string>();
    cases.forEach((c, i) => {
      if (seen.has(c.name))
        ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `another test case is named "${c.name}"` });
      seen.add(c.name);
    });
  });

/** How one expectation came out: the path compared ("response.body.total", "steps.rate.output.amount", "assertions[0]"). */
export interface TestDifference {
  path: string;
  expected: unknown;
  actual: unknown;
  message?: string;
}

export interface TestCaseResult {
  name: string;
  passed: boolean;
  /** Why it failed: a missing recording, an assertion that errs, a run that could not start. */
  error?: string;
  differences: TestDifference[];
  durationMs: number;
  runId?: string;
}

export interface TestReport {
  flowId: string;
  passed: number;
  failed: number;
  cases: TestCaseResult[];
}
