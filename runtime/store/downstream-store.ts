/** The request turns recently taken on one rate-limited downstream (rate_turns). */
export interface TurnsRow {
  key: string;
  /** Start times (ms since epoch), oldest first. */
  starts: number[];
  pausedUntil: number | null;
}

/** A circuit some process opened (circuits). */
export interface CircuitRow {
  key: string;
  failures: number;
  openedAt: number;
  nextTryAt: number;
  lastError: string | null;
}

/** What every process of an installation knows of its downstreams: rate-limit turns and open circuits. */
export interface DownstreamStore {
  /** The turns of `key` (none taken yet when absent), held until the write ends so turns are taken one at a time. */
  holdTurns(key: string): Promise<TurnsRow>;
  putTurns(row: TurnsRow): Promise<void>;
  /** Pauses `key` until `until` unless it already is paused longer. */
  pauseTurns(key: string, until: number): Promise<void>;
  openCircuit(row: CircuitRow): Promise<void>;
  closeCircuit(key: string): Promise<void>;
  /** Every open circuit (key given: that one's, when open). */
  circuits(key?: string): Promise<CircuitRow[]>;
}
