import { z } from '@hono/zod-openapi';
import { named } from '../openapi.ts';
import {
  failedGroupSchema,
  runActionSchema,
  runSummarySchema,
  runViewSchema,
  stepViewSchema,
} from '../../../shared/run.ts';

/** Response schemas of /api/runs. */
export const Step = named(stepViewSchema, 'Step');
export const RunAction = named(runActionSchema, 'RunAction');
export const Run = runViewSchema
  .extend({
    actions: z.array(RunAction).optional().describe('What operators did to the run, oldest first (with steps only)'),
    steps: z.array(Step).optional(),
  })
  .openapi('Run');
export const RunSummary = named(runSummarySchema, 'RunSummary');
export const FailedGroup = named(failedGroupSchema, 'FailedGroup');

export const RunPage = z
  .object({
    runs: z.array(RunSummary),
    next: z.string().nullable().describe('The `before` value of the next page; null on the last page'),
    searchedFrom: z
      .number()
      .int()
      .nullable()
      .describe(
        'With `q`: trigger events were searched in the runs created since this time (ms since epoch), the newest 10,000 matching the other filters; older runs are found by their business key only. null when every matching run was searched, or without `q`',
      ),
  })
  .openapi('RunPage');

/** What a retry, approval, discard or cancellation did to the run. */
export const RunStatusChange = z
  .object({ runId: z.string(), status: z.enum(['running', 'discarded', 'cancelled']) })
  .openapi('RunStatusChange');

export const ItemsRetry = z
  .object({
    runId: z.string(),
    status: z.literal('running'),
    items: z.number().int().describe('Failed body runs (items, or batches) retried'),
  })
  .openapi('ItemsRetry');

export const Replay = z.object({ runId: z.string().describe('The new run') }).openapi('Replay');

export const FailedGroups = z.object({ groups: z.array(FailedGroup) });

export const BulkResult = z
  .object({
    matched: z.number().int().describe('Runs the ids or the filter named'),
    done: z.array(z.string()).describe('Runs the action was applied to'),
    failed: z.array(z.object({ runId: z.string(), error: z.string() })).describe('Runs it was refused for, and why'),
  })
  .openapi('BulkResult');
