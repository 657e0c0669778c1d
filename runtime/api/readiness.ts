import type Database from 'better-sqlite3';
import type { Committer } from '../store/committer.ts';
import { probeStore, storeDurability, type StoreDurability, type StoreFailure } from '../store/db.ts';

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
  sqlite: Database.Database;
  committer: Pick<Committer, 'storeFailure' | 'clearStoreFailure'>;
  workerId: string;
}

/**
 * Whether this process should be sent traffic: not while it drains for a shutdown, and not while
 * its database refuses writes. It recovers by itself: while the store is failing, each look probes
 * with a real write, and the first that commits (or any committed write) makes it ready again.
 */
export class Readiness {
  private draining = false;
  /** Set when the connection opens and unchanged after. */
  private readonly durability: StoreDurability;

  constructor(private readonly deps: ReadinessDeps) {
    this.durability = storeDurability(deps.sqlite);
  }

  /** The process is shutting down: from now on it is not ready. */
  drain(): void {
    this.draining = true;
  }

  /**
   * What a request that would store something must know: null when ready, else why not. Cheap while
   * the store works (no query); a write probe while it is failing.
   */
  refusal(): NotReady | null {
    if (this.draining) return { code: 'shutting_down', message: 'the runtime is shutting down' };
    const { committer, sqlite } = this.deps;
    if (!committer.storeFailure) return null;
    const failure = probeStore(sqlite, true);
    if (!failure) {
      committer.clearStoreFailure();
      return null;
    }
    return unavailable(failure);
  }

  /** The full look for GET /readyz: the same as refusal(), plus a read of the store. */
  report(): ReadinessReport {
    const base = { store: this.durability, worker: this.deps.workerId, draining: this.draining };
    // While draining the connection may close at any moment: no probe.
    const failure = this.draining ? null : probeStore(this.deps.sqlite, false);
    const reason = failure ? unavailable(failure) : this.refusal();
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
