import type { FlowDefinition, FlowNode, FlowEdge } from '../../../shared/flow.ts';
import type { FlowProblem } from '../../../shared/problems.ts';
import type { RunView, StepView, RunStatus, StepStatus, RunSummary } from '../../../shared/run.ts';
import type { NodeTypeInfo } from '../../../shared/catalogue.ts';
import type { FlowSummary, VersionInfo } from '../../../shared/flow-summary.ts';
import type { RetryPolicy } from '../../../shared/retry-policy.ts';

export type { FlowDefinition, FlowNode, FlowEdge, FlowProblem, RunView, StepView, RunStatus, StepStatus, NodeTypeInfo, FlowSummary, VersionInfo, RetryPolicy };

export type JsonSchema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
  enum?: unknown[];
  description?: string;
  default?: unknown;
};

export interface Draft {
  definition: FlowDefinition;
  revision: number;
  createdAt: number;
  updatedAt: number;
  activeVersion: number | null;
}

/** A run as listed by GET /api/runs. */
export type RunListItem = RunSummary;

export type EvaluateResult = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string; position?: number } };
