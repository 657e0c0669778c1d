import { z } from 'zod';

export const PROBLEM_CODES = [
  'schema',
  'duplicate_id',
  'unknown_type',
  'invalid_config',
  'expression_syntax',
  'dangling_edge',
  'unknown_port',
  'edge_into_trigger',
  'duplicate_edge',
  'no_trigger',
  'unreachable',
  'cycle',
  'duplicate_webhook',
  'blocked_url',
  'url_path_concatenation',
  'unconnected_output',
  'loop_body',
  'unknown_variable',
] as const;

/** One finding of the static check of a flow. Errors block publishing; warnings do not. */
export const flowProblemSchema = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.enum(PROBLEM_CODES),
  message: z.string(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  path: z
    .string()
    .optional()
    .describe('Path inside the definition or the node\'s config, e.g. "config.rules.0.expression"'),
  position: z.number().int().optional().describe('Character offset inside an expression'),
});
export type FlowProblem = z.infer<typeof flowProblemSchema>;
