import type { FlowPlan } from './plan.ts';
import type { RunResponse, RunStatus } from '../../shared/run.ts';
import type { WeftErrorShape } from '../../shared/errors.ts';
import { inputFrom } from './step-input.ts';

export interface StepRecord {
  status: 'succeeded' | 'failed' | 'retrying' | 'waiting';
  port: string | null;
  attempts: number;
  attemptErrors: WeftErrorShape[];
  error: WeftErrorShape | null;
  nextAttemptAt: number | null;
  /** An input set by an operator, used instead of the predecessors' outputs. */
  inputOverride?: unknown;
  /** A waiting step that waits for an operator's decision (otherwise it waits for nextAttemptAt). */
  approval?: { prompt: string };
  /** A waiting control.call step: the sub-flow run it waits for. */
  child?: string;
}

export interface TriggerEvent {
  body: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  method?: string;
  path?: string;
  [key: string]: unknown;
}

/** Everything the engine keeps in memory about a run it is executing. */
export class RunState {
  readonly outputs: Record<string, unknown> = Object.create(null);
  readonly steps = new Map<string, StepRecord>();
  readonly inFlight = new Set<string>();
  readonly skipped = new Set<string>();
  status: RunStatus = 'running';
  /** Prefix of the connector steps' idempotency keys: the run's id, or for a replay the id of the run it replays. */
  keyBase: string;
  /** The run's ordering key (flow setting orderingKey): runs with the same key execute one at a time. */
  orderKey: string | null = null;
  /** Another worker took the run over (this one had been taken for dead): nothing more of it is committed here. */
  released = false;
  /** When the run's time limit starts counting: its creation, or an operator's retry. */
  deadlineBase: number | null = null;
  response: RunResponse | null = null;
  failure: (WeftErrorShape & { nodeId: string }) | null = null;
  readonly runInfo: Record<string, unknown>;
  /** $trigger, $steps and $run for every expression of this run. */
  readonly bindings: { trigger: unknown; steps: Record<string, unknown>; run: Record<string, unknown> };

  constructor(
    readonly id: string,
    readonly plan: FlowPlan,
    readonly mode: 'live' | 'test',
    readonly triggerNodeId: string,
    readonly event: TriggerEvent,
    readonly correlationId: string | null,
    readonly createdAt: number,
  ) {
    this.keyBase = id;
    this.runInfo = { id, flowId: plan.flowId, version: plan.version, correlationId, mode };
    this.bindings = { trigger: event, steps: this.outputs, run: this.runInfo };
  }

  /** The input a node receives: an operator's edit, else what its live predecessors pass on (step-input.ts). */
  inputOf(nodeId: string): unknown {
    const step = this.steps.get(nodeId);
    if (step && step.inputOverride !== undefined) return step.inputOverride;
    return inputFrom(
      this.plan.nodes.get(nodeId)!,
      this.event,
      (id) => this.steps.get(id),
      (id) => this.outputs[id],
    );
  }

  /** True when a node's input is not just its single predecessor's output, so it must be stored. */
  inputNeedsStoring(nodeId: string): boolean {
    const pn = this.plan.nodes.get(nodeId)!;
    return this.steps.get(nodeId)?.inputOverride !== undefined || (!pn.isTrigger && pn.incoming.length > 1);
  }

  /**
   * Decides for one node whether it can run now, must be skipped (no live input
   * can reach it), or still waits for predecessors.
   */
  classify(nodeId: string): 'ready' | 'skip' | 'wait' | 'settled' {
    if (this.steps.has(nodeId) || this.inFlight.has(nodeId) || this.skipped.has(nodeId)) return 'settled';
    const pn = this.plan.nodes.get(nodeId)!;
    if (pn.isTrigger || pn.incoming.length === 0) return 'skip';
    let live = 0;
    for (const e of pn.incoming) {
      if (this.skipped.has(e.source)) continue;
      const s = this.steps.get(e.source);
      if (s?.status !== 'succeeded') return 'wait';
      if (s.port === e.sourcePort) live++;
    }
    return live > 0 ? 'ready' : 'skip';
  }

  /** Nodes that became ready after `nodeId` settled; marks newly unreachable nodes skipped. */
  readyAfter(nodeId: string): string[] {
    const ready: string[] = [];
    const visit = (id: string) => {
      for (const edges of this.plan.nodes.get(id)!.outgoing.values())
        for (const e of edges) {
          const c = this.classify(e.target);
          if (c === 'ready' && !ready.includes(e.target)) ready.push(e.target);
          else if (c === 'skip') {
            this.skipped.add(e.target);
            visit(e.target);
          }
        }
    };
    visit(nodeId);
    return ready;
  }

  /** Full pass in topological order, used when a run is loaded from the store. */
  readyAll(): string[] {
    const ready: string[] = [];
    for (const id of this.plan.order) {
      if (id === this.triggerNodeId) continue;
      const c = this.classify(id);
      if (c === 'ready') ready.push(id);
      else if (c === 'skip') this.skipped.add(id);
    }
    return ready;
  }

  /** Cancelled, timed out, or failed by a step that could not be committed: steps still in flight finish but lead nowhere. */
  get stopped(): boolean {
    return this.status === 'cancelled' || this.status === 'timed_out' || this.status === 'failed';
  }

  hasRetrying(): boolean {
    for (const s of this.steps.values()) if (s.status === 'retrying' || s.status === 'waiting') return true;
    return false;
  }

  /** Finished when nothing runs, waits for a retry, or can still start. */
  isSettled(): boolean {
    return this.inFlight.size === 0 && !this.hasRetrying();
  }
}
