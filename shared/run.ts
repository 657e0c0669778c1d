import type { WeftErrorShape } from './errors.ts';

/** `discarded`: a failed run an operator set aside with a reason; `timed_out`: past its flow's runTimeoutMs. */
export const RUN_STATUSES = ['running', 'waiting_approval', 'compensating', 'compensated', 'succeeded', 'failed', 'cancelled', 'timed_out', 'discarded'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** A step row exists once a node has executed (or is waiting to retry). */
/** `waiting`: a delay or an approval; the run holds no worker meanwhile. */
export const STEP_STATUSES = ['succeeded', 'failed', 'retrying', 'waiting', 'skipped'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export interface RunResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface StepView {
  nodeId: string;
  status: StepStatus;
  port: string | null;
  attempts: number;
  input: unknown;
  output: unknown;
  error: WeftErrorShape | null;
  /** Errors of earlier attempts, oldest first. */
  attemptErrors: WeftErrorShape[];
  startedAt: number | null;
  finishedAt: number | null;
  nextAttemptAt: number | null;
  /** The step's own key, `<runId>:<nodeId>` (for a replay, the replayed run's id), the same on every attempt; a connector configured with an idempotencyKey sends that value instead. */
  idempotencyKey: string;
}

/** Something an operator did to a run. */
export interface RunAction {
  at: number;
  action: 'retry' | 'replay' | 'replayed_from' | 'discard' | 'cancel' | 'approve' | 'reject';
  note: string | null;
  /** retry: { nodeId, input } when the input was edited; replay: { runId } of the new run; replayed_from: { runId }. */
  detail: Record<string, unknown> | null;
}

export interface RunView {
  id: string;
  flowId: string;
  version: number | null;
  mode: 'live' | 'test';
  status: RunStatus;
  trigger: unknown;
  correlationId: string | null;
  dedupeKey: string | null;
  error: (WeftErrorShape & { nodeId?: string }) | null;
  response: RunResponse | null;
  createdAt: number;
  finishedAt: number | null;
  /** For a replay: the run whose trigger event it replays. */
  replayOf: string | null;
  /** For a sub-flow run: the run whose control.call step started it. */
  parentRunId?: string | null;
  /** What operators did to the run, oldest first (with steps only). */
  actions?: RunAction[];
  steps?: StepView[];
  /** The retention policy dropped the step inputs and outputs of this succeeded run; its steps show PRUNED_PAYLOAD. */
  payloadsPruned?: boolean;
}

/** A run as GET /api/runs lists it: no trigger event, no steps, but totals over its steps. */
export interface RunSummary extends Omit<RunView, 'trigger' | 'steps'> {
  /** Attempts of all its steps together. */
  attempts: number;
  /** finishedAt − createdAt; null while the run is running. */
  durationMs: number | null;
}

/** Marker stored instead of a step payload larger than the configured cap. */
export interface TruncatedPayload {
  $weftTruncated: true;
  bytes: number;
  preview: string;
}

/** Shown instead of a step input or output that the retention policy dropped. */
export interface PrunedPayload {
  $weftPruned: true;
}

export const PRUNED_PAYLOAD: PrunedPayload = { $weftPruned: true };

export function isPrunedPayload(v: unknown): v is PrunedPayload {
  return typeof v === 'object' && v !== null && (v as { $weftPruned?: unknown }).$weftPruned === true;
}

/** Filter on the failed-runs queue (GET /api/runs/failed/summary, POST /api/runs/bulk). */
export interface FailedFilter {
  flowId?: string;
  nodeId?: string;
  errorCode?: string;
  from?: number;
  to?: number;
}

/** Failed live runs with the same flow, failing node and error code. */
export interface FailedGroup {
  flowId: string;
  nodeId: string | null;
  errorCode: string | null;
  count: number;
  firstAt: number;
  lastAt: number;
  /** The error message of the latest run in the group. */
  message: string | null;
}
