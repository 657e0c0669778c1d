import { z } from '@hono/zod-openapi';
import { named } from '../openapi.ts';
import { flowDefinitionSchema } from '../../../shared/flow.ts';
import { flowSummarySchema, versionInfoSchema } from '../../../shared/flow-summary.ts';
import { flowProblemSchema } from '../../../shared/problems.ts';

/** Response schemas of /api/flows. */
export const FlowDefinition = named(flowDefinitionSchema, 'FlowDefinition');
export const FlowSummary = named(flowSummarySchema, 'FlowSummary');
export const VersionInfo = named(versionInfoSchema, 'VersionInfo');
export const FlowProblem = named(flowProblemSchema, 'FlowProblem');

const revision = z
  .number()
  .int()
  .min(1)
  .describe('Goes up by one with every save; send it back (body `revision` or If-Match) to save');

export const SavedDraft = z.object({ definition: FlowDefinition, revision }).openapi('SavedDraft');

export const Draft = z
  .object({
    definition: FlowDefinition,
    revision,
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
    activeVersion: z
      .number()
      .int()
      .nullable()
      .describe('The version receiving trigger events; null when the flow is inactive'),
  })
  .openapi('Draft');

export const FlowList = z.object({ flows: z.array(FlowSummary) });
export const VersionList = z.object({ versions: z.array(VersionInfo) });
export const Version = VersionInfo.extend({ definition: FlowDefinition }).openapi('Version');

export const Validation = z
  .object({ valid: z.boolean().describe('No problem of severity "error"'), problems: z.array(FlowProblem) })
  .openapi('Validation');

export const Activation = z
  .object({
    flowId: z.string(),
    activeVersion: z.number().int().nullable(),
    changed: z.boolean().optional().describe('Deactivate: false when the flow was not active'),
  })
  .openapi('Activation');

/** 422 of publish: the problems are in details. */
export const FlowHasProblems = z
  .object({
    error: z.object({
      code: z.literal('flow_has_problems'),
      message: z.string(),
      details: z.object({ problems: z.array(FlowProblem).describe('The errors that block publishing') }),
    }),
  })
  .openapi('FlowHasProblems');
