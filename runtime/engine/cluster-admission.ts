import type { Store } from '../store/ports.ts';
import type { NodeLogger } from '../../nodes/define-node.ts';
import type { AdmissionGate, RunLimits } from './admission.ts';
import type { RunState } from './run-state.ts';

interface Waiting {
  rs: RunState;
  go: () => void;
}

/** How often runs still waiting look again, should a release elsewhere not have been heard of. */
const LOOK_AGAIN_MS = 1000;

/**
 * Admission for the processes of a cluster, decided in the database: a run with an ordering key waits
 * while an earlier unfinished run (of any process) holds the key, and a flow's concurrency limit counts
 * the admitted unfinished runs of every process (runs.admitted_at). Waiting runs look again when a run of
 * their flow ends here or elsewhere (`changed`, from the other processes' notifications), and every second.
 */
export class ClusterAdmission implements AdmissionGate {
  /** Runs waiting here, in arrival order, by flow. */
  private readonly queues = new Map<string, Map<string, Waiting>>();
  /** Flows being looked at, and flows to look at again once that ends. */
  private readonly looking = new Set<string>();
  private readonly again = new Set<string>();
  /**
   * Flows whose last look turned away a run without an ordering key: by the least concurrency it was
   * refused at. A run arriving with that limit or a lower one waits without looking, until a run ends.
   */
  private readonly full = new Map<string, number>();
  /**
   * Ordering keys held by runs here (waiting, or admitted and not yet released), by flow and key; and the
   * key each such run holds. A run arriving with a key an earlier run here holds waits without looking.
   */
  private readonly held = new Map<string, number>();
  private readonly heldBy = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Pick<Store, 'write'>,
    private readonly limits: RunLimits,
    private readonly now: () => number,
    private readonly logger: NodeLogger,
    /** A run of a limited flow ended here: the other processes' waiting runs should look again. */
    private readonly released: (flowId: string) => void,
  ) {}

  admit(rs: RunState, go: () => void): void {
    if (!this.limited(rs)) {
      go();
      return;
    }
    const flowId = rs.plan.flowId;
    let queue = this.queues.get(flowId);
    if (!queue) {
      queue = new Map();
      this.queues.set(flowId, queue);
    }
    queue.set(rs.id, { rs, go });
    this.arm();
    const { concurrency, orderKey } = this.limits(rs);
    if (orderKey !== null) {
      const key = `${flowId}\n${orderKey}`;
      if (!this.heldBy.has(rs.id)) {
        this.heldBy.set(rs.id, key);
        this.held.set(key, (this.held.get(key) ?? 0) + 1);
      }
      // Another run here holds the key: it looks again when it is released.
      if ((this.held.get(key) ?? 0) > 1) return;
    }
    const cap = this.full.get(flowId);
    if (orderKey === null && concurrency !== undefined && cap !== undefined && concurrency <= cap) return;
    void this.look(flowId);
  }

  release(rs: RunState): void {
    if (!this.limited(rs)) return;
    const flowId = rs.plan.flowId;
    const key = this.heldBy.get(rs.id);
    if (key !== undefined) {
      this.heldBy.delete(rs.id);
      const others = (this.held.get(key) ?? 1) - 1;
      if (others > 0) this.held.set(key, others);
      else this.held.delete(key);
    }
    const queue = this.queues.get(flowId);
    const wasWaiting = queue?.delete(rs.id) ?? false;
    if (!wasWaiting) {
      this.full.delete(flowId);
      this.released(flowId);
    }
    void this.look(flowId);
  }

  mayWait(rs: RunState): boolean {
    return this.limited(rs);
  }

  waiting(flowId: string): number {
    return this.queues.get(flowId)?.size ?? 0;
  }

  *waitingRuns(): Iterable<string> {
    for (const queue of this.queues.values()) yield* queue.keys();
  }

  /** A run of `flowId` ended in another process (null: any flow). */
  changed(flowId: string | null): void {
    for (const f of flowId === null ? [...this.queues.keys()] : [flowId]) {
      this.full.delete(f);
      void this.look(f);
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private limited(rs: RunState): boolean {
    const { concurrency, orderKey } = this.limits(rs);
    return concurrency !== undefined || orderKey !== null;
  }

  /** Asks the store, for every run of the flow waiting here, whether it may execute now (one read of one write, in arrival order). */
  private async look(flowId: string): Promise<void> {
    if (this.looking.has(flowId)) {
      this.again.add(flowId);
      return;
    }
    const queue = this.queues.get(flowId);
    if (!queue?.size) {
      this.queues.delete(flowId);
      this.full.delete(flowId);
      return;
    }
    this.looking.add(flowId);
    try {
      const candidates = [...queue.values()].map(({ rs }) => ({ id: rs.id, ...this.limits(rs) }));
      const at = this.now();
      const admitted = new Set(await this.store.write((tx) => tx.runs.admit(flowId, candidates, at)));
      let cap: number | undefined;
      for (const c of candidates)
        if (!admitted.has(c.id) && c.orderKey === null && c.concurrency !== undefined)
          cap = Math.min(cap ?? c.concurrency, c.concurrency);
      if (cap === undefined) this.full.delete(flowId);
      else this.full.set(flowId, cap);
      for (const id of admitted) {
        const w = queue.get(id);
        if (!w) continue;
        queue.delete(id);
        w.go();
      }
    } catch (err) {
      this.logger.warn('admission could not be decided; looking again shortly', {
        flowId,
        error: (err as Error).message,
      });
    } finally {
      this.looking.delete(flowId);
      if (this.again.delete(flowId)) void this.look(flowId);
    }
  }

  private arm(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.queues.size === 0) return this.stop();
      for (const flowId of [...this.queues.keys()]) void this.look(flowId);
    }, LOOK_AGAIN_MS);
    this.timer.unref();
  }
}
