import type { WeftError } from '../../shared/errors.ts';
import { holdError, seconds } from './hold-error.ts';

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one probe request may go. */
  cooldownMs: number;
  /** How long requests wait while the probe is in flight. */
  probeWaitMs?: number;
  now: () => number;
  /** The circuit opened or closed here (not by adopt()): for telling the other processes. */
  changed?: (c: CircuitSnapshot) => void;
}

export interface CircuitSnapshot {
  host: string;
  state: CircuitState;
  consecutiveFailures: number;
  openedAt: number | null;
  nextTryAt: number | null;
  lastError: string | null;
}

/** A circuit's state as the processes of a cluster share it. */
export type SharedCircuit = Pick<CircuitSnapshot, 'consecutiveFailures' | 'openedAt' | 'nextTryAt' | 'lastError'>;

/** Whether an admitted request is the half-open probe. */
export interface Admission {
  probe: boolean;
}

/**
 * One downstream host's circuit: closed until `failureThreshold` failures in a
 * row, then open (every request refused) for `cooldownMs`, then half-open: a
 * single probe goes through; its success closes the circuit, its failure opens
 * it for another cool-down.
 */
export class CircuitBreaker {
  private open = false;
  private probing = false;
  private failures = 0;
  private openedAt: number | null = null;
  private nextTryAt: number | null = null;
  private lastError: string | null = null;

  constructor(
    readonly host: string,
    private readonly o: CircuitOptions,
  ) {}

  get state(): CircuitState {
    if (!this.open) return 'closed';
    return this.probing || this.o.now() >= this.nextTryAt! ? 'half_open' : 'open';
  }

  /** The hold error a request would get now, or null when it may go (without taking the probe). */
  refusal(): WeftError | null {
    if (!this.open) return null;
    const now = this.o.now();
    if (now < this.nextTryAt!) {
      return this.hold(`is open after ${this.failures} failures`, this.nextTryAt! - now);
    }
    return this.probing
      ? this.hold(`is half-open after ${this.failures} failures, waiting for its probe`, this.o.probeWaitMs ?? 1000)
      : null;
  }

  /** Lets a request go (the first one after the cool-down is the probe) or throws the hold error. */
  admit(): Admission {
    const refused = this.refusal();
    if (refused) throw refused;
    if (!this.open) return { probe: false };
    this.probing = true;
    return { probe: true };
  }

  success(_a: Admission): void {
    const wasOpen = this.open;
    this.close();
    if (wasOpen) this.o.changed?.(this.snapshot());
  }

  /**
   * Takes the state the processes share: open until `nextTryAt`, closed with the failures counted so far
   * (`nextTryAt` null), or (null) closed without failures. A circuit still in its cool-down stays open: a
   * circuit closes only after a probe, so a closed state read then is older than the circuit's opening.
   */
  adopt(open: SharedCircuit | null): void {
    if (!open || open.nextTryAt === null) {
      if (this.open && this.o.now() < this.nextTryAt!) return;
      if (this.open) this.close();
      this.failures = open?.consecutiveFailures ?? 0;
      if (open) this.lastError = open.lastError;
      return;
    }
    if (this.open && (this.nextTryAt ?? 0) >= open.nextTryAt) return;
    this.open = true;
    this.probing = false;
    this.failures = open.consecutiveFailures;
    this.openedAt = open.openedAt;
    this.nextTryAt = open.nextTryAt;
    this.lastError = open.lastError;
  }

  private close(): void {
    this.open = false;
    this.probing = false;
    this.failures = 0;
    this.openedAt = null;
    this.nextTryAt = null;
  }

  /** A failure of the host; `failures`: the consecutive failures counted with it by every process. */
  failure(a: Admission, message: string, failures = this.failures + 1): void {
    this.failures = failures;
    this.lastError = message;
    if (a.probe && this.probing) this.trip();
    else if (!this.open && this.failures >= this.o.failureThreshold) this.trip();
  }

  /** The request ended without saying anything about the host (aborted, 429): only frees the probe. */
  neutral(a: Admission): void {
    if (a.probe) this.probing = false;
  }

  snapshot(): CircuitSnapshot {
    return {
      host: this.host,
      state: this.state,
      consecutiveFailures: this.failures,
      openedAt: this.openedAt,
      nextTryAt: this.nextTryAt,
      lastError: this.lastError,
    };
  }

  private trip(): void {
    const now = this.o.now();
    this.open = true;
    this.probing = false;
    this.openedAt = now;
    this.nextTryAt = now + this.o.cooldownMs;
    this.o.changed?.(this.snapshot());
  }

  private hold(why: string, waitMs: number): WeftError {
    return holdError(`circuit for ${this.host} ${why}; next try in ${seconds(waitMs)}`, waitMs, {
      host: this.host,
      reason: 'circuit_open',
      state: this.state,
      consecutiveFailures: this.failures,
      nextTryAt: this.nextTryAt,
      lastError: this.lastError,
    });
  }
}
