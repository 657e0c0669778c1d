import type { RunTrace } from './engine-core.ts';
import type { FlowPlan } from './plan.ts';
import type { RunResponse, RunStatus } from '../../shared/run.ts';
import type { WeftErrorShape } from '../../shared/errors.ts';
import { inputFrom } from './step-input.ts';
import { RecordedAnswers } from './recorded-answers.ts';

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
  /** A waiting control.loop step: it waits for its body runs (loops.ts). */
  loop?: boolean;
}

export interface TriggerEvent {
  body: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  method?: string;
  path?: string;
  [key: string]: unknown;
}

/** A step's outcome settled in memory, waiting for its commit. */
export interface Settlement {
  rec: StepRecord;
  /** The value the step passes on, when it does. */
  value?: unknown;
  /** Successors it makes ready, and nodes it makes unreachable. */
  ready: string[];
  skipped: string[];
  /** The run's failure this outcome causes. */
  failure: (WeftErrorShape & { nodeId: string }) | null;
}

const NONE: ReadonlySet<string> = new Set();

/** Everything the engine keeps in memory about a run it is executing. */
export class RunState {
  readonly outputs: Record<string, unknown> = Object.create(null);
  readonly steps = new Map<string, StepRecord>();
  readonly inFlight = new Set<string>();
  readonly skipped = new Set<string>();
  status: RunStatus = 'running';
  /** Prefix of the connector steps' idempotency keys: the run's id, or for a replay the id of the run it replays. */
  keyBase: string;
  /**
   * End of the connector steps' idempotency keys (`<keyBase>:<node><keySuffix>`): empty, or for a run of a
   * loop body ":<item index or key>" after its parent's suffix (loops.ts).
   */
  keySuffix = '';
  /** The run's ordering key (flow setting orderingKey): runs with the same key execute one at a time. */
  orderKey: string | null = null;
  /**
   * Steps whose outcome is settled but not committed yet, by node. Steps of the run that settle
   * meanwhile count on them (a join, the run's end); the run's committed state takes them only once
   * their write has committed (commitSettled), and forgets them when it failed (dropSettled).
   */
  readonly settling = new Map<string, Settlement>();
  /** The end of the run being written (cancelled, timed out, failed); its status once that write commits. */
  ending: RunStatus | null = null;
  /** The write of that end. */
  endWrite: Promise<boolean> | null = null;
  /** What steps committed while the end was being written would do next: done if that write fails. */
  readonly afterEnd: (() => void)[] = [];
  /** Another worker took the run over (this one had been taken for dead): nothing more of it is committed here. */
  released = false;
  /** For a sub-flow run: the run whose control.call step started it. */
  parentRunId: string | null = null;
  /** A test case run: its recorded steps are answered from here, never executed (recorded-answers.ts). */
  recorded: RecordedAnswers | null = null;
  /** Its OpenTelemetry trace, when tracing is on or was as it started. */
  trace: RunTrace | null = null;
  /** When the run's time limit starts counting: its creation, or an operator's retry. */
  deadlineBase: number | null = null;
  response: RunResponse | null = null;
  failure: (WeftErrorShape & { nodeId: string }) | null = null;
  readonly runInfo: Record<string, unknown>;
  /** $trigger, $steps and $run for every expression of this run; `env`: the run's own variables over the installation's (memory only). */
  readonly bindings: {
    trigger: unknown;
    steps: Record<string, unknown>;
    run: Record<string, unknown>;
    env?: Readonly<Record<string, string>>;
  };

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
    // A test case run read back from the store (an operator's retry) has no recordings left: its recorded
    // steps fail with no_recording rather than call out.
    if (mode === 'test' && typeof event.testCase === 'string') this.recorded = new RecordedAnswers(event.testCase, {});
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
  classify(nodeId: string, skipping: ReadonlySet<string> = NONE): 'ready' | 'skip' | 'wait' | 'settled' {
    if (this.steps.has(nodeId) || this.inFlight.has(nodeId) || this.isSkipped(nodeId, skipping)) return 'settled';
    if (this.settling.size > 0 && this.claimed(nodeId)) return 'settled';
    const pn = this.plan.nodes.get(nodeId)!;
    if (pn.isTrigger || pn.incoming.length === 0) return 'skip';
    let live = 0;
    for (const e of pn.incoming) {
      if (this.isSkipped(e.source, skipping)) continue;
      const s = this.recordOf(e.source);
      if (s?.status !== 'succeeded') return 'wait';
      if (s.port === e.sourcePort) live++;
    }
    return live > 0 ? 'ready' : 'skip';
  }

  /** A step's record, counting outcomes settled but not committed yet. */
  recordOf(nodeId: string): StepRecord | undefined {
    return this.settling.get(nodeId)?.rec ?? this.steps.get(nodeId);
  }

  /** The run's failure, counting outcomes settled but not committed yet. */
  failureSeen(): (WeftErrorShape & { nodeId: string }) | null {
    if (this.failure || this.settling.size === 0) return this.failure;
    for (const s of this.settling.values()) if (s.failure) return s.failure;
    return null;
  }

  /**
   * Nodes that become ready once `nodeId` (settling) is committed, and nodes it makes unreachable; changes
   * nothing (the caller records both in the step's settlement).
   */
  successorsOf(nodeId: string): { ready: string[]; skipped: string[] } {
    const ready: string[] = [];
    const skipping = new Set<string>();
    const visit = (id: string) => {
      for (const edges of this.plan.nodes.get(id)!.outgoing.values())
        for (const e of edges) {
          const c = this.classify(e.target, skipping);
          if (c === 'ready' && !ready.includes(e.target)) ready.push(e.target);
          else if (c === 'skip') {
            skipping.add(e.target);
            visit(e.target);
          }
        }
    };
    visit(nodeId);
    return { ready, skipped: [...skipping] };
  }

  /** The step's write has committed: its outcome becomes the run's, and the successors it made ready are in flight. */
  commitSettled(nodeId: string): void {
    const s = this.settling.get(nodeId);
    if (!s) return;
    this.settling.delete(nodeId);
    this.steps.set(nodeId, s.rec);
    if ('value' in s) this.outputs[nodeId] = s.value;
    if (s.failure) this.failure ??= s.failure;
    for (const id of s.skipped) this.skipped.add(id);
    this.inFlight.delete(nodeId);
    for (const id of s.ready) this.inFlight.add(id);
  }

  /** The step's write failed: the run is as it was before the step settled (the step still has no row). */
  dropSettled(nodeId: string): void {
    this.settling.delete(nodeId);
  }

  /** Nothing of the run but `nodeId` (settling) runs, waits, or is about to start. */
  settledBut(nodeId: string): boolean {
    for (const id of this.inFlight) if (id !== nodeId && !this.settling.has(id)) return false;
    for (const s of this.settling.values()) if (s.ready.length > 0) return false;
    return !this.hasRetrying();
  }

  private isSkipped(nodeId: string, skipping: ReadonlySet<string>): boolean {
    if (this.skipped.has(nodeId) || skipping.has(nodeId)) return true;
    if (this.settling.size > 0) for (const s of this.settling.values()) if (s.skipped.includes(nodeId)) return true;
    return false;
  }

  /** Made ready by an outcome not committed yet: it starts after that commit. */
  private claimed(nodeId: string): boolean {
    for (const s of this.settling.values()) if (s.ready.includes(nodeId)) return true;
    return false;
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
    const waits = (s: StepRecord) => s.status === 'retrying' || s.status === 'waiting';
    for (const [id, s] of this.steps) if (waits(this.settling.get(id)?.rec ?? s)) return true;
    for (const [id, s] of this.settling) if (!this.steps.has(id) && waits(s.rec)) return true;
    return false;
  }

  /** Finished when nothing runs, waits for a retry, or can still start. */
  isSettled(): boolean {
    return this.inFlight.size === 0 && !this.hasRetrying();
  }
}
