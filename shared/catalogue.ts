import { z } from 'zod';

/** The ports of a node: named inputs and outputs. */
export const nodePortNamesSchema = z.object({ inputs: z.array(z.string()), outputs: z.array(z.string()) });
export type NodePortNames = z.infer<typeof nodePortNamesSchema>;

/** A retry policy with every field set (see retry-policy.ts). */
const resolvedRetryPolicySchema = z.object({
  maxAttempts: z.number().int(),
  initialDelayMs: z.number().int(),
  factor: z.number(),
  maxDelayMs: z.number().int(),
  jitter: z.number(),
});

/** What the designer and validators learn about a node kind (GET /api/node-types). */
export const nodeTypeInfoSchema = z.object({
  type: z.string(),
  typeVersion: z.number().int(),
  title: z.string(),
  category: z.string(),
  description: z.string(),
  trigger: z.string().nullable(),
  ports: nodePortNamesSchema.describe(
    'Static ports; for kinds whose ports depend on config, the ports of an empty config',
  ),
  dynamicPorts: z.boolean(),
  portsFromConfig: z
    .array(z.string())
    .nullable()
    .describe(
      'With dynamicPorts: the config path ("*" for array items) whose strings name the outputs listed before `ports.outputs`',
    ),
  configSchema: z.record(z.string(), z.unknown()).describe('JSON Schema of the node config'),
  expressionFields: z
    .array(z.array(z.string()))
    .describe('Config paths ("*" for array items) that always hold a JSONata expression'),
  retry: resolvedRetryPolicySchema,
  recorded: z
    .boolean()
    .optional()
    .describe("Steps of this kind reach outside the flow: a test case answers them from the case's recordings"),
});
export type NodeTypeInfo = z.infer<typeof nodeTypeInfoSchema>;
