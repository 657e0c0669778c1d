import { z } from 'zod';

const ms = z.number().int();

/** How long a flow's run data is kept. */
export const retentionPolicySchema = z.object({
  days: z
    .number()
    .int()
    .nullable()
    .describe('Finished runs older than this many days are deleted; null keeps them forever'),
  keepSuccessPayloads: z
    .boolean()
    .describe('false: a succeeded run keeps its outline (steps, status, timings) but not its step inputs and outputs'),
});
export type RetentionPolicy = z.infer<typeof retentionPolicySchema>;

/** The policy of flows without one of their own, when no admin has set a default. */
export const KEEP_FOREVER: RetentionPolicy = { days: null, keepSuccessPayloads: true };

/** The flow id of the default policy. */
export const DEFAULT_POLICY_ID = '*';

/** A policy an admin set: for one flow, or for every other flow ('*'). */
export const retentionRuleSchema = retentionPolicySchema.extend({
  flowId: z.string(),
  updatedAt: ms,
  updatedBy: z.string().nullable().describe('Email of the user or name of the token that set it'),
});
export type RetentionRule = z.infer<typeof retentionRuleSchema>;

/** A flow and the policy that applies to it. */
export const flowRetentionSchema = z.object({
  flowId: z.string(),
  name: z.string(),
  policy: retentionPolicySchema,
  source: z
    .enum(['flow', 'default'])
    .describe("'flow': the flow's own policy; 'default': the '*' policy (or keep forever)"),
});
export type FlowRetention = z.infer<typeof flowRetentionSchema>;

/** The SQLite database: its pages, free pages and files on disk. */
export const databaseSizeSchema = z.object({
  pageSize: z.number().int(),
  pageCount: z.number().int(),
  freelistPages: z.number().int().describe('Pages inside the file that hold no data (reused before the file grows)'),
  bytes: z.number().int().describe('pageCount × pageSize'),
  fileBytes: z.number().int().nullable().describe('Size of weft.db on disk; null for an in-memory database'),
  walBytes: z.number().int().nullable().describe('Size of the write-ahead log on disk; null for an in-memory database'),
  autoVacuum: z
    .enum(['none', 'full', 'incremental'])
    .describe("'incremental': pruning returns freed pages to the file system"),
});
export type DatabaseSize = z.infer<typeof databaseSizeSchema>;

export const flowPruneCountsSchema = z.object({
  flowId: z.string(),
  runsDeleted: z.number().int(),
  payloadsDropped: z.number().int().describe('Succeeded runs whose step inputs and outputs were dropped'),
});
export type FlowPruneCounts = z.infer<typeof flowPruneCountsSchema>;

/** What one prune did. */
export const pruneResultSchema = z.object({
  startedAt: ms,
  finishedAt: ms,
  by: z.string().nullable().describe('Who asked for it; null for the background job'),
  runsDeleted: z.number().int(),
  payloadsDropped: z.number().int(),
  flows: z.array(flowPruneCountsSchema).describe('Only the flows where something was removed'),
  bytesFreed: z.number().int().describe('Bytes the database file gave back to the file system (incremental vacuum)'),
  complete: z.boolean().describe('false when the runtime stopped before the prune was through'),
  database: databaseSizeSchema,
});
export type PruneResult = z.infer<typeof pruneResultSchema>;

/** GET /api/retention. */
export const retentionViewSchema = z.object({
  default: retentionPolicySchema.extend({ updatedAt: ms.nullable(), updatedBy: z.string().nullable() }),
  rules: z.array(retentionRuleSchema).describe("The policies admins set, '*' included"),
  flows: z.array(flowRetentionSchema),
  database: databaseSizeSchema,
  lastPrune: pruneResultSchema
    .nullable()
    .describe('The latest prune of this process, else the latest recorded in the audit log'),
  intervalMin: z.number().describe('Minutes between background prunes; 0: no background job'),
});
export type RetentionView = z.infer<typeof retentionViewSchema>;
