import type { components } from './schema.d.ts';
import type { RetryPolicy } from '../../../shared/retry-policy.ts';
import type { FlowDefinition, FlowNode, FlowEdge } from '../../../shared/flow.ts';

/** The API's types, generated from its OpenAPI document (`npm run api:types` writes schema.d.ts). */
type Schemas = components['schemas'];

export type FlowProblem = Schemas['FlowProblem'];
export type Draft = Omit<Schemas['Draft'], 'definition'> & { definition: FlowDefinition };
export type FlowSummary = Schemas['FlowSummary'];
export type VersionInfo = Schemas['VersionInfo'];
export type RunView = Schemas['Run'];
export type StepView = Schemas['Step'];
export type RunStatus = RunView['status'];
export type StepStatus = StepView['status'];
/** A run as listed by GET /api/runs. */
export type RunListItem = Schemas['RunSummary'];
export type NodeTypeInfo = Schemas['NodeType'];
export type CanonicalSchemaInfo = Schemas['CanonicalSchemas']['schemas'][number];
export type EvaluateResult = Schemas['EvaluateResult'];
export type BulkResult = Schemas['BulkResult'];
/** How a flow's test cases came out (POST /api/flows/{id}/tests/run). */
export type TestReport = Schemas['TestReport'];
export type TestCaseResult = Schemas['TestCaseResult'];
export type TestDifference = Schemas['TestDifference'];

/** The flow definition as the designer edits it: the output of its zod schema (defaults applied). */
export type { FlowDefinition, FlowNode, FlowEdge, RetryPolicy };

export type JsonSchema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
  enum?: unknown[];
  description?: string;
  default?: unknown;
};
