/** The request turns recently taken on one rate-limited downstream (rate_turns). */
export interface TurnsRow {
  key: string;
  /** Start times (ms since epoch), oldest first. */
  starts: number[];
  pausedUntil: number | null;
}

/** A downstream's circuit as the processes share it (circuits): its consecutive failures, and whether it is open. */
export interface CircuitRow {
  key: string;
  failures: number;
  /** Null while the circuit is closed (it is only counting failures). */
  openedAt: number | null;
  /** Null while the circuit is closed. */
  nextTryAt: number | null;
  lastError: string | null;
}

/** A circuit some process opened. */
export interface OpenCircuitRow extends CircuitRow {
  openedAt: number;
  nextTryAt: number;
}

/** A failure of a downstream, counted on its circuit: the circuit opens when the count reaches `threshold`. */
export interface CircuitFailure {
  key: string;
  message: string;
  threshold: number;
  now: number;
  cooldownMs: number;
}

/** A downstream paused until `pausedUntil` (a 429's Retry-After). */
export interface PauseRow {
  key: string;
  pausedUntil: number;
}

/** What every process of an installation knows of its downstreams: rate-limit turns, pauses and circuits. */
export interface DownstreamStore {
  /** The turns of `key` (none taken yet when absent), held until the write ends so turns are taken one at a time. */
  holdTurns(key: string): Promise<TurnsRow>;
  putTurns(row: TurnsRow): Promise<void>;
  /** Pauses `key` until `until` unless it already is paused longer. */
  pauseTurns(key: string, until: number): Promise<void>;
  /** The pauses that last beyond `now` (key given: that one's). */
  pauses(now: number, key?: string): Promise<PauseRow[]>;
  /**
   * Counts one more failure on the circuit of `f.key` in one statement, and opens the circuit (for
   * `f.cooldownMs`) when the count reaches `f.threshold` while it is closed. The circuit as it is after.
   */
  countFailure(f: CircuitFailure): Promise<CircuitRow>;
  /** Forgets the failures of a closed circuit (a request succeeded); an open one stays. */
  resetFailures(key: string): Promise<void>;
  openCircuit(row: OpenCircuitRow): Promise<void>;
  closeCircuit(key: string): Promise<void>;
  /** Every circuit open or counting failures (key given: that one's). */
  circuits(key?: string): Promise<CircuitRow[]>;
}
