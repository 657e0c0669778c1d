import type { RunState } from './run-state.ts';

interface Waiting {
  rs: RunState;
  go: () => void;
}

interface FlowGate {
  /** Runs of the flow allowed to execute steps now. */
  admitted: Set<string>;
  /** Ordering keys held by admitted runs. */
  keys: Set<string>;
  /** Runs waiting their turn, in arrival order. */
  queue: Waiting[];
}

/** When a run may execute its steps: in this process (Admission) or across a cluster's processes (ClusterAdmission). */
export interface AdmissionGate {
  /** Calls `go` now when the run may execute, or later when its turn comes. */
  admit(rs: RunState, go: () => void): void;
  /** The run finished (or was cancelled, or left this process): its slot and key go to the next waiting runs. */
  release(rs: RunState): void;
  /** False when `admit` lets the run execute at once for sure. */
  mayWait(rs: RunState): boolean;
  /** Runs of a flow waiting for their turn here. */
  waiting(flowId: string): number;
  /** The ids of the runs waiting for their turn here, of every flow. */
  waitingRuns(): Iterable<string>;
}

/** A run's limits: its flow's concurrency and its ordering key. */
export type RunLimits = (rs: RunState) => { concurrency?: number; orderKey: string | null };

/**
 * Decides when a run of a flow may execute its steps: at most `concurrency` runs of the flow at once,
 * and one run per ordering key, in arrival order. Waiting runs hold no worker; they are started by
 * the release of an earlier one.
 */
export class Admission implements AdmissionGate {
  private readonly gates = new Map<string, FlowGate>();

  constructor(private readonly limits: RunLimits) {}

  /** Calls `go` now when the run may execute, or later when its turn comes. */
  admit(rs: RunState, go: () => void): void {
    const gate = this.gate(rs.plan.flowId);
    if (gate.admitted.has(rs.id)) {
      go();
      return;
    }
    const { concurrency, orderKey } = this.limits(rs);
    if (concurrency === undefined && orderKey === null && gate.queue.length === 0) {
      gate.admitted.add(rs.id);
      go();
      return;
    }
    gate.queue.push({ rs, go });
    this.drain(rs.plan.flowId, gate);
  }

  /** The run finished (or was cancelled): its slot and key go to the next waiting runs. */
  release(rs: RunState): void {
    const gate = this.gates.get(rs.plan.flowId);
    if (!gate) return;
    const queued = gate.queue.findIndex((w) => w.rs === rs);
    if (queued >= 0) gate.queue.splice(queued, 1);
    if (gate.admitted.delete(rs.id)) {
      const { orderKey } = this.limits(rs);
      if (orderKey !== null) gate.keys.delete(orderKey);
    }
    this.drain(rs.plan.flowId, gate);
  }

  /** False when `admit` lets the run execute at once for sure (its flow limits nothing and none of its runs wait). */
  mayWait(rs: RunState): boolean {
    const { concurrency, orderKey } = this.limits(rs);
    return concurrency !== undefined || orderKey !== null || (this.gates.get(rs.plan.flowId)?.queue.length ?? 0) > 0;
  }

  /** Runs of a flow waiting for their turn. */
  waiting(flowId: string): number {
    return this.gates.get(flowId)?.queue.length ?? 0;
  }

  *waitingRuns(): Iterable<string> {
    for (const gate of this.gates.values()) for (const w of gate.queue) yield w.rs.id;
  }

  private drain(flowId: string, gate: FlowGate): void {
    const blocked = new Set<string>();
    const started: Waiting[] = [];
    for (let i = 0; i < gate.queue.length; ) {
      const w = gate.queue[i];
      const { concurrency, orderKey } = this.limits(w.rs);
      if (concurrency !== undefined && gate.admitted.size >= concurrency) break;
      // A key held by a running run, or by an earlier waiting run, keeps later runs with that key waiting.
      if (orderKey !== null && (gate.keys.has(orderKey) || blocked.has(orderKey))) {
        blocked.add(orderKey);
        i++;
        continue;
      }
      gate.queue.splice(i, 1);
      gate.admitted.add(w.rs.id);
      if (orderKey !== null) gate.keys.add(orderKey);
      started.push(w);
    }
    if (gate.admitted.size === 0 && gate.queue.length === 0) this.gates.delete(flowId);
    for (const w of started) w.go();
  }

  private gate(flowId: string): FlowGate {
    let g = this.gates.get(flowId);
    if (!g) {
      g = { admitted: new Set(), keys: new Set(), queue: [] };
      this.gates.set(flowId, g);
    }
    return g;
  }
}
