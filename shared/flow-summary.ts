import { z } from 'zod';
import { runStatusSchema } from './run.ts';
import { approvalStateSchema } from './approvals.ts';

/** A flow in the list (GET /api/flows): its status, last live run and recent failures. */
export const flowSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  revision: z.number().int(),
  updatedAt: z.number().int(),
  latestVersion: z.number().int().nullable(),
  activeVersion: z.number().int().nullable(),
  lastRun: z.object({ id: z.string(), status: runStatusSchema, createdAt: z.number().int() }).nullable(),
  failuresLast24h: z.number().int(),
});
export type FlowSummary = z.infer<typeof flowSummarySchema>;

/** How a version's test cases came out when it was published ("none": it has no test cases). */
export const versionTestsSchema = z.object({
  result: z.enum(['passed', 'failed', 'none']),
  passed: z.number().int(),
  failed: z.number().int(),
  failing: z.array(z.string()).describe('The names of the failing test cases'),
});
export type VersionTests = z.infer<typeof versionTestsSchema>;

/** A published version of a flow (GET /api/flows/:id/versions). */
export const versionInfoSchema = z.object({
  flowId: z.string(),
  version: z.number().int(),
  hash: z.string(),
  note: z.string().nullable(),
  createdBy: z.string().nullable().describe('Who published it (user email or token name); null before users existed'),
  createdAt: z.number().int(),
  active: z.boolean(),
  approval: approvalStateSchema.optional().describe('Four-eyes approval (shown by the versions list and view)'),
  tests: versionTestsSchema
    .optional()
    .describe('How its test cases came out when it was published; absent for versions from before test cases'),
});
export type VersionInfo = z.infer<typeof versionInfoSchema>;
