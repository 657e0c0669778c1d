import type { Store, StoreDurability } from '../store/ports.ts';
import type { StoreFailure } from '../store/store-failure.ts';

/** Seconds a caller refused while the process is not ready is asked to wait (Retry-After). */
export const NOT_READY_RETRY_AFTER_S = 5;

/** Why the process should get no traffic now. */
export interface NotReady {
  code: 'shutting_down' | 'store_unavailable';
  message: string;
  /** The SQLite code and message when the store is the reason. */
  store?: StoreFailure;
}

export interface ReadinessReport {
  status: 'ready' | 'not_ready';
  store: StoreDurability;
  worker: string;
  draining: boolean;
  reason?: NotReady;
}

export interface ReadinessDeps {
  store: Pick<Store, 'failure' | 'probe'>;
  /** What a commit survives, read when the store opened. */
  durability: StoreDurability;
  workerId: string;
}

/**
 * Whether this process should be sent traffic: not while it drains for a shutdown, and not while
 * its database refuses writes. It recovers by itself: while the store is failing, each look probes
 * with a real write, and the first that commits (or any committed write) makes it ready again.
 */
export class Readiness {
  private draining = false;
  constructor(private readonly deps: ReadinessDeps) {}

  /** The process is shutting down: from now on it is not ready. */
  drain(): void {
    this.draining = true;
  }

  /**
   * What a request that would store something must know: null when ready, else why not. Cheap while
   * the store works (no query); a write probe while it is failing.
   */
  async refusal(): Promise<NotReady | null> {
    if (this.draining) return { code: 'shutting_down', message: 'the runtime is shutting down' };
    if (!this.deps.store.failure) return null;
    const failure = await this.deps.store.probe(true);
    return failure ? unavailable(failure) : null;
  }

  /** The full look for GET /readyz: the same as refusal(), plus a read of the store. */
  async report(): Promise<ReadinessReport> {
    const base = { store: this.deps.durability, worker: this.deps.workerId, draining: this.draining };
    // While draining the connection may close at any moment: no probe.
    const failure = this.draining ? null : await this.deps.store.probe(false);
    const reason = failure ? unavailable(failure) : await this.refusal();
    return reason ? { status: 'not_ready', ...base, reason } : { status: 'ready', ...base };
  }
}

function unavailable(store: StoreFailure): NotReady {
  return {
    code: 'store_unavailable',
    message: `the database refuses reads or writes (${store.code}); nothing is accepted until it takes them again`,
    store,
  };
}
