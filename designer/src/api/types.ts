import type { FlowDefinition, FlowNode, FlowEdge } from '../../../shared/flow.ts';
import type { FlowProblem } from '../../../shared/problems.ts';
import type { RunView, StepView, RunStatus, StepStatus, RunSummary } from '../../../shared/run.ts';

export type { FlowDefinition, FlowNode, FlowEdge, FlowProblem, RunView, StepView, RunStatus, StepStatus };

export interface RetryPolicy {
  maxAttempts: number;
  initialDelayMs: number;
  factor: number;
  maxDelayMs: number;
  jitter: number;
}

/** One entry of GET /api/node-types. */
export interface NodeTypeInfo {
  type: string;
  typeVersion: number;
  title: string;
  category: string;
  description: string;
  trigger: string | null;
  ports: { inputs: string[]; outputs: string[] };
  dynamicPorts: boolean;
  /** With dynamicPorts: config path ("*" = array items) whose strings name outputs listed before ports.outputs. */
  portsFromConfig: string[] | null;
  configSchema: JsonSchema;
  expressionFields: (string | number)[][];
  retry: RetryPolicy;
}

export type JsonSchema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
  enum?: unknown[];
  description?: string;
  default?: unknown;
};

export interface FlowSummary {
  id: string;
  name: string;
  revision: number;
  updatedAt: number;
  latestVersion: number | null;
  activeVersion: number | null;
  lastRun: { id: string; status: RunStatus; createdAt: number } | null;
  failuresLast24h: number;
}

export interface Draft {
  definition: FlowDefinition;
  revision: number;
  createdAt: number;
  updatedAt: number;
  activeVersion: number | null;
}

export interface VersionInfo {
  flowId: string;
  version: number;
  hash: string;
  note: string | null;
  createdAt: number;
  active: boolean;
}

/** A run as listed by GET /api/runs. */
export type RunListItem = RunSummary;

export type EvaluateResult = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string; position?: number } };
