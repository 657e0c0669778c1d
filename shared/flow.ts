import { z } from 'zod';
import { businessSettingsShape } from './business.ts';
import { testCasesSchema } from './flow-tests.ts';

/** Current flow definition format. Older files are migrated on load (see migrate.ts). */
export const FLOW_SCHEMA_VERSION = 1;

const id = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'use letters, digits, "_", "-" or "." and start with a letter or digit');

const port = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[A-Za-z0-9_-]+$/, 'use letters, digits, "_" or "-"');

export const positionSchema = z.object({ x: z.number(), y: z.number() }).strict();

/** View state; the only thing the designer saves besides the definition itself. */
export const nodeUiSchema = z
  .object({
    position: positionSchema.optional(),
    color: z.string().max(40).optional(),
    collapsed: z.boolean().optional(),
  })
  .strict();

export const flowNodeSchema = z
  .object({
    id,
    type: z
      .string()
      .min(1)
      .max(80)
      .regex(/^[a-z][a-z0-9]*(\.[a-z][a-z0-9-]*)+$/, 'node types are lowercase and dotted, e.g. "map.jsonata"'),
    typeVersion: z.number().int().min(1).default(1),
    name: z.string().max(200).optional(),
    description: z.string().max(2000).optional(),
    config: z.record(z.string(), z.unknown()).default({}),
    parentId: id
      .optional()
      .describe(
        'Id of the control.loop node whose body this node belongs to; body nodes connect only to nodes of the same body (shared/loop.ts)',
      ),
    ui: nodeUiSchema.optional(),
  })
  .strict();

export const flowEdgeSchema = z
  .object({
    id,
    source: id,
    sourcePort: port.default('out'),
    target: id,
    targetPort: port.default('in'),
  })
  .strict();

/**
 * Flow-wide settings: how its runs execute, and its business context (shared/business.ts). Only settings
 * the runtime knows are accepted; an unknown one is a schema error.
 */
export const flowSettingsSchema = z
  .object({
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .optional()
      .describe('Most runs of this flow executing at once; later runs wait their turn in arrival order'),
    onFailure: z
      .enum(['fail', 'compensate'])
      .optional()
      .describe(
        'When a run fails: "fail" (the default) leaves it failed; "compensate" first runs the compensating calls of the steps that succeeded, in reverse order, and the run ends compensated',
      ),
    runTimeoutMs: z
      .number()
      .int()
      .min(1000)
      .max(30 * 86_400_000)
      .optional()
      .describe(
        'A run still going this long after it started ends timed_out (steps in flight finish, nothing new starts)',
      ),
    orderingKey: z
      .string()
      .min(1)
      .max(10_000)
      .optional()
      .describe(
        'Expression over the trigger body, e.g. "timeEntry.projectCode": runs with the same key execute one at a time, in arrival order; different keys run side by side',
      ),
    onFailingTests: z
      .enum(['block', 'warn'])
      .optional()
      .describe(
        'When a test case fails at publish: "block" (the default) refuses to publish; "warn" publishes and records the failure on the version',
      ),
    ...businessSettingsShape,
  })
  .strict();

export const sampleSchema = z.object({ name: z.string().min(1).max(200), payload: z.unknown() }).strict();

export const flowDefinitionSchema = z
  .object({
    id,
    name: z.string().min(1).max(200),
    description: z.string().max(5000).optional(),
    schemaVersion: z.literal(FLOW_SCHEMA_VERSION),
    nodes: z.array(flowNodeSchema).max(2000),
    edges: z.array(flowEdgeSchema).max(10_000),
    settings: flowSettingsSchema.default({}),
    samples: z.array(sampleSchema).max(50).optional().describe('Sample trigger payloads for test runs'),
    tests: testCasesSchema
      .optional()
      .describe('Test cases: a trigger input, recorded answers of the steps that reach outside, and expectations'),
  })
  .strict();

export type FlowDefinitionInput = z.input<typeof flowDefinitionSchema>;
export type FlowDefinition = z.output<typeof flowDefinitionSchema>;
export type FlowNode = z.output<typeof flowNodeSchema>;
export type FlowEdge = z.output<typeof flowEdgeSchema>;
export type FlowSettings = z.output<typeof flowSettingsSchema>;

/** Marks a config field whose string value is always a JSONata expression (no leading "="). */
export const EXPRESSION_META = 'x-weft-expression';

/** The method and path a webhook trigger listens on, e.g. "POST crm/won" (no slashes at either end). */
export function webhookRouteKey(config: { method?: unknown; path?: unknown }): string {
  return `${String(config.method ?? 'POST').toUpperCase()} ${String(config.path ?? '').replace(/^\/+|\/+$/g, '')}`;
}
