import { z } from 'zod';
import type { WeftErrorShape } from './errors.ts';
import { BUSINESS_KEY_MAX, CRITICALITIES } from './business.ts';
import { loopProgressSchema } from './loop.ts';

/** `discarded`: a failed run an operator set aside with a reason; `timed_out`: past its flow's runTimeoutMs. */
export const RUN_STATUSES = [
  'running',
  'waiting_approval',
  'compensating',
  'compensated',
  'succeeded',
  'failed',
  'cancelled',
  'timed_out',
  'discarded',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** A step row exists once a node has executed (or is waiting to retry). */
/** `waiting`: a delay or an approval; the run holds no worker meanwhile. */
export const STEP_STATUSES = ['succeeded', 'failed', 'retrying', 'waiting', 'skipped'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** The error shape stored on a run or a step (see WeftErrorShape). */
export const errorShapeSchema = z.object({
  code: z.string(),
  message: z.string(),
  retryable: z.boolean(),
  details: z.unknown().optional(),
  retryAfterMs: z.number().optional().describe('Milliseconds the downstream asked us to wait (Retry-After), if any'),
}) satisfies z.ZodType<WeftErrorShape>;

export const runStatusSchema = z.enum(RUN_STATUSES);
export const stepStatusSchema = z.enum(STEP_STATUSES);

/** The answer a flow's respond step gave to its webhook caller. */
export const runResponseSchema = z.object({
  status: z.number().int(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
});
export type RunResponse = z.infer<typeof runResponseSchema>;

const ms = z.number().int();

export const stepViewSchema = z.object({
  nodeId: z.string(),
  status: stepStatusSchema,
  port: z.string().nullable(),
  attempts: z.number().int(),
  input: z.unknown(),
  output: z.unknown(),
  error: errorShapeSchema.nullable(),
  attemptErrors: z.array(errorShapeSchema).describe('Errors of earlier attempts, oldest first'),
  startedAt: ms.nullable(),
  finishedAt: ms.nullable(),
  nextAttemptAt: ms.nullable(),
  idempotencyKey: z
    .string()
    .describe(
      "The step's own key, `<runId>:<nodeId>` (for a replay, the replayed run's id), the same on every attempt; a connector configured with an idempotencyKey sends that value instead",
    ),
  sentKey: z
    .string()
    .nullable()
    .describe(
      "The Idempotency-Key the last attempt sent downstream (a connector sends its configured key, else the step's own); null when it sent none",
    ),
});
export type StepView = z.infer<typeof stepViewSchema>;

/** Something an operator did to a run. */
export const runActionSchema = z.object({
  at: ms,
  action: z.enum(['retry', 'replay', 'replayed_from', 'discard', 'cancel', 'approve', 'reject']),
  note: z.string().nullable(),
  detail: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe(
      'retry: { nodeId, input } when the input was edited; replay: { runId } of the new run; replayed_from: { runId }',
    ),
});
export type RunAction = z.infer<typeof runActionSchema>;

export const runViewSchema = z.object({
  id: z.string(),
  flowId: z.string(),
  version: z.number().int().nullable(),
  mode: z.enum(['live', 'test']),
  status: runStatusSchema,
  trigger: z.unknown(),
  correlationId: z.string().nullable(),
  dedupeKey: z.string().nullable(),
  businessKey: z
    .string()
    .nullable()
    .describe(
      `The business object the run is about (the flow's businessKey setting over the trigger body, at most ${BUSINESS_KEY_MAX} characters); null when the flow sets none or it gave none`,
    ),
  businessKeyError: z
    .string()
    .nullable()
    .describe("Why the flow's businessKey gave this run no key (the expression failed or gave no text or number)"),
  traceId: z
    .string()
    .nullable()
    .describe('The OpenTelemetry trace of the run (32 hex digits); null when tracing was off as it started'),
  businessProcess: z.string().nullable().describe("The flow's business process, as the version the run executes says"),
  criticality: z.enum(CRITICALITIES).describe("The flow's criticality, as the version the run executes says"),
  error: errorShapeSchema.extend({ nodeId: z.string().optional() }).nullable(),
  response: runResponseSchema.nullable(),
  createdAt: ms,
  finishedAt: ms.nullable(),
  replayOf: z.string().nullable().describe('For a replay: the run whose trigger event it replays'),
  parentRunId: z
    .string()
    .nullable()
    .optional()
    .describe('For a sub-flow run: the run whose control.call step started it'),
  actions: z
    .array(runActionSchema)
    .optional()
    .describe('What operators did to the run, oldest first (with steps only)'),
  steps: z.array(stepViewSchema).optional(),
  loops: z
    .array(loopProgressSchema)
    .optional()
    .describe(
      'Progress of each control.loop step of the run: body executions done of all, running, failed (with steps only)',
    ),
  payloadsPruned: z
    .boolean()
    .optional()
    .describe(
      'The retention policy dropped the step inputs and outputs of this succeeded run; its steps show {"$weftPruned": true}',
    ),
});
export type RunView = z.infer<typeof runViewSchema>;

/** A run as GET /api/runs lists it: no trigger event, no steps, but totals over its steps. */
export const runSummarySchema = runViewSchema.omit({ trigger: true, steps: true, loops: true }).extend({
  attempts: z.number().int().describe('Attempts of all its steps together'),
  durationMs: z.number().int().nullable().describe('finishedAt − createdAt; null while the run is running'),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

/** Shown instead of a step payload (or an expression's result) larger than the configured cap. */
export interface TruncatedPayload {
  $weftTruncated: true;
  /** Size of the whole value's JSON in UTF-8 bytes. */
  bytes: number;
  /** The first PREVIEW_CHARS characters of that JSON. */
  preview: string;
}

/** How much of a truncated value's JSON its marker shows. */
export const PREVIEW_CHARS = 2048;

/** The marker for a value whose JSON is `json` (`bytes` long in UTF-8). */
export function truncatedPayload(json: string, bytes: number): TruncatedPayload {
  return { $weftTruncated: true, bytes, preview: json.slice(0, PREVIEW_CHARS) };
}

/** True for a truncated-value marker: what it shows is not the value, so it cannot be edited or patched. */
export function isTruncatedPayload(v: unknown): v is TruncatedPayload {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const t = v as Partial<Record<keyof TruncatedPayload, unknown>>;
  return t.$weftTruncated === true && typeof t.bytes === 'number';
}

/** Shown instead of a step input or output that the retention policy dropped. */
export interface PrunedPayload {
  $weftPruned: true;
}

export const PRUNED_PAYLOAD: PrunedPayload = { $weftPruned: true };

export function isPrunedPayload(v: unknown): v is PrunedPayload {
  return typeof v === 'object' && v !== null && (v as { $weftPruned?: unknown }).$weftPruned === true;
}

/** Filter on the failed-runs queue (GET /api/runs/failed/summary, POST /api/runs/bulk). */
export interface FailedFilter {
  flowId?: string;
  nodeId?: string;
  errorCode?: string;
  from?: number;
  to?: number;
}

/** Failed live runs with the same flow, failing node and error code. */
export const failedGroupSchema = z.object({
  flowId: z.string(),
  nodeId: z.string().nullable(),
  nodeName: z
    .string()
    .nullable()
    .describe("The failing node's name in the flow's active version (else its draft); null when it has none"),
  errorCode: z.string().nullable(),
  count: z.number().int(),
  firstAt: ms,
  lastAt: ms,
  message: z.string().nullable().describe('The error message of the latest run in the group'),
});
export type FailedGroup = z.infer<typeof failedGroupSchema>;
