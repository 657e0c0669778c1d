import { z } from '@hono/zod-openapi';
import { named, orNull } from '../openapi.ts';
import { connectionViewSchema } from '../../../shared/connection.ts';
import {
  databaseSizeSchema,
  pruneResultSchema,
  retentionPolicySchema,
  retentionRuleSchema,
  retentionViewSchema,
} from '../../../shared/retention.ts';

/** Response schemas of the audit, connection, retention and metrics routes. */
export const AuditEntry = z
  .object({
    seq: z.number().int(),
    at: z.number().int(),
    actorKind: z
      .string()
      .nullable()
      .describe(
        '"user", "token" or "run" (a step of that run, e.g. a lookup.write); null for the system or an unknown caller',
      ),
    actorId: z.string().nullable(),
    actorName: z.string().nullable(),
    action: z.string().describe('e.g. flow.published, run.retried, auth.login_failed'),
    target: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    detail: z.unknown(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi('AuditEntry');
export const AuditPage = z.object({ entries: z.array(AuditEntry) });

export const AuditVerification = z
  .union([
    z.object({ ok: z.literal(true), entries: z.number().int(), lastHash: z.string() }),
    z.object({
      ok: z.literal(false),
      entries: z.number().int(),
      seq: z.number().int().describe('The first entry that does not fit the chain'),
      problem: z.string(),
    }),
  ])
  .openapi('AuditVerification');

export const Connection = named(connectionViewSchema, 'Connection');
export const ConnectionList = z.object({ connections: z.array(Connection) });
export const ConnectionDeleted = z.object({ deleted: z.string() });
export const ConnectionTestResult = z
  .object({
    ok: z.boolean(),
    status: z.number().int().nullable().describe('HTTP status of the answer; null when none came'),
    ms: z.number().int(),
    message: z.string(),
  })
  .openapi('ConnectionTestResult');

export const RetentionPolicy = named(retentionPolicySchema, 'RetentionPolicy');
export const RetentionRule = named(retentionRuleSchema, 'RetentionRule');
export const DatabaseSize = named(databaseSizeSchema, 'DatabaseSize');
export const PruneResult = pruneResultSchema.extend({ database: DatabaseSize }).openapi('PruneResult');
export const RetentionView = retentionViewSchema
  .extend({
    rules: z.array(RetentionRule).describe("The policies admins set, '*' included"),
    database: DatabaseSize,
    lastPrune: orNull(PruneResult).describe(
      'The latest prune of this process, else the latest recorded in the audit log',
    ),
  })
  .openapi('RetentionView');
export const PolicyRemoved = z
  .object({
    flowId: z.string(),
    removed: z.boolean().describe('false: the flow had no policy of its own'),
    policy: RetentionPolicy.describe('The policy that applies now'),
  })
  .openapi('PolicyRemoved');

const count = z.number().int();
export const Metrics = z
  .object({
    engine: z
      .object({ stepsCommitted: count, runsStarted: count, runsFinished: count })
      .describe('Counters of this process since it started'),
    commits: z
      .object({ transactions: count, writes: count })
      .describe('Store transactions and the writes they carried'),
    memory: z
      .object({ rss: count, heapTotal: count, heapUsed: count, external: count, arrayBuffers: count })
      .describe("The process's memory in bytes (node's process.memoryUsage())"),
  })
  .openapi('Metrics');
