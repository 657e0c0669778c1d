import type { Store } from '../store/ports.ts';
import type { CircuitRow, PauseRow } from '../store/downstream-store.ts';
import type { Admission, CircuitBreaker, CircuitSnapshot, SharedCircuit } from './circuit-breaker.ts';

export interface SharedGuards {
  store: Pick<Store, 'write' | 'downstreams'>;
  tell(key: string): void;
  /** A circuit, a failure or a pause the store did not take (this process keeps it anyway). */
  lost(err: Error): void;
}

export interface SharedDownstreamsOptions {
  failureThreshold: number;
  cooldownMs: number;
  now: () => number;
}

/** What the store holds of the downstreams, for a process to adopt. */
export interface DownstreamState {
  circuits: CircuitRow[];
  pauses: PauseRow[];
}

/**
 * The circuits and pauses of downstreams as the processes of a cluster share them through the store.
 * A failure is counted on the circuit's row in one statement; the process whose failure reaches the
 * threshold opens the circuit there and tells the others, as does the one whose failure is the first
 * of a run (so the others' successes reset the count). A success resets the count only where it may be
 * above zero: this process remembers the hosts it counted or was told of, so a success on a host
 * without failures writes nothing. A 429's pause of a host without a rate limit is written and told
 * the same way. Counts are consecutive across processes up to the moment a process learns of another's
 * first failure.
 */
export class SharedDownstreams {
  /** Changes written in the order they happened, each told once written. */
  private publishing: Promise<void> = Promise.resolve();
  /** Hosts whose shared count of failures may be above zero. */
  private readonly counted = new Set<string>();

  constructor(
    private readonly shared: SharedGuards,
    private readonly o: SharedDownstreamsOptions,
  ) {}

  /** The circuit opened or closed here: written for the other processes, which are told. */
  publish(c: CircuitSnapshot): void {
    if (c.state === 'closed') this.counted.delete(c.host);
    this.inOrder(c.host, (tx) =>
      c.state === 'closed'
        ? tx.downstreams.closeCircuit(c.host)
        : tx.downstreams.openCircuit({
            key: c.host,
            failures: c.consecutiveFailures,
            openedAt: c.openedAt!,
            nextTryAt: c.nextTryAt!,
            lastError: c.lastError,
          }),
    );
  }

  /** Counts a failure on the shared circuit and takes what the count says (open, or the failures so far). */
  async failed(circuit: CircuitBreaker, a: Admission, message: string): Promise<void> {
    // A half-open probe's failure opens the circuit again, from here.
    if (a.probe) return circuit.failure(a, message);
    const { host } = circuit;
    const now = this.o.now();
    this.counted.add(host);
    let row: CircuitRow;
    try {
      row = await this.shared.store.write((tx) =>
        tx.downstreams.countFailure({
          key: host,
          message,
          threshold: this.o.failureThreshold,
          now,
          cooldownMs: this.o.cooldownMs,
        }),
      );
    } catch (err) {
      this.shared.lost(err as Error);
      return circuit.failure(a, message);
    }
    if (row.nextTryAt === null) {
      circuit.failure(a, message, row.failures);
      if (row.failures === 1) this.shared.tell(host);
      return;
    }
    circuit.adopt(sharedOf(row));
    if (row.openedAt === now && row.failures >= this.o.failureThreshold) this.shared.tell(host);
  }

  /** A success: resets the shared count when it may be above zero (the circuit closing deletes it anyway). */
  succeeded(circuit: CircuitBreaker, a: Admission): void {
    const { host } = circuit;
    const closing = circuit.state !== 'closed';
    circuit.success(a);
    if (!this.counted.delete(host) || closing) return;
    this.shared.store
      .write((tx) => tx.downstreams.resetFailures(host))
      .catch((err: Error) => {
        this.counted.add(host);
        this.shared.lost(err);
      });
  }

  /** A 429 paused a host without a rate limit here: the other processes hold its requests as long. */
  paused(host: string, until: number): void {
    this.inOrder(host, (tx) => tx.downstreams.pauseTurns(host, until));
  }

  /** The circuits and pauses of `key` (null: of every downstream), once this process's own changes are written. */
  async read(key: string | null, circuits: boolean): Promise<DownstreamState> {
    await this.publishing;
    const store = this.shared.store.downstreams;
    const [rows, pauses] = await Promise.all([
      circuits ? store.circuits(key ?? undefined) : [],
      store.pauses(this.o.now(), key ?? undefined),
    ]);
    // Only added to: a count this process has under way may not be in what was read.
    for (const r of rows) if (r.failures > 0) this.counted.add(r.key);
    return { circuits: rows, pauses };
  }

  private inOrder(key: string, fn: Parameters<Store['write']>[0]): void {
    this.publishing = this.publishing
      .then(() => this.shared.store.write(fn))
      .then(() => this.shared.tell(key))
      .catch((err: Error) => this.shared.lost(err));
  }
}

export function sharedOf(r: CircuitRow): SharedCircuit {
  return { consecutiveFailures: r.failures, openedAt: r.openedAt, nextTryAt: r.nextTryAt, lastError: r.lastError };
}
