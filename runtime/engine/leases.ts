import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { WeftError } from '../../shared/errors.ts';
import type { LeaseStore, WorkerRow } from '../store/lease-store.ts';
import type { Clock } from './clock.ts';
import type { NodeLogger } from '../../nodes/define-node.ts';

export interface LeaseOptions {
  /** This worker's name in the workers table; default host:pid:random. */
  workerId?: string;
  /** How long a lease lasts without renewal; renewed every third of it. */
  leaseMs?: number;
}

export interface WorkerInfo extends WorkerRow {
  self: boolean;
  /** Runs this worker is executing (running or compensating). */
  runs: number;
}

const HOST = hostname();

/** True while a process with this pid exists on this host (EPERM: it exists but belongs to someone else). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * This worker's lease on the runs it executes. Several processes may share one database: each renews
 * its row in `workers`; a run whose owner's lease ran out — or whose owner's process is gone from this
 * host — is reclaimed by the next worker that looks (at start, then every lease period).
 */
export class Leases {
  readonly workerId: string;
  readonly leaseMs: number;
  private timer: unknown = null;
  private startedAt = 0;
  private renewing = false;
  private stopped = false;
  /** Until when the lease last written holds (this worker's clock). */
  private liveUntil = 0;
  /** Steps waiting for a renewal to say whether the lease still holds, after it ran out here. */
  private doubt: { promise: Promise<void>; resolve: () => void } | null = null;

  constructor(
    private readonly store: LeaseStore,
    private readonly clock: Clock,
    private readonly logger: NodeLogger,
    o: LeaseOptions,
    /**
     * Called every renewal: look for runs to take over. `lost`: this worker had been taken for dead, and
     * the runs taken from it are let go before the promise resolves.
     */
    private readonly onRenew: (lost: boolean) => void | Promise<void>,
  ) {
    this.workerId = o.workerId ?? `${HOST}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.leaseMs = o.leaseMs ?? 30_000;
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.startedAt = this.clock.now();
    await this.register();
    this.arm();
  }

  /** Gives up the lease: the runs this worker holds may be taken over at once. */
  async stop(): Promise<void> {
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
    this.stopped = true;
    this.settleDoubt();
    try {
      await this.store.remove(this.workerId);
    } catch (err) {
      // The lease runs out by itself; until then other workers leave this one's runs alone.
      this.logger.error('the lease could not be given up; it runs out by itself', {
        workerId: this.workerId,
        error: (err as Error).message,
      });
    }
  }

  /** Takes a run for this worker; false when another live worker executes it. */
  async claim(runId: string): Promise<boolean> {
    await this.forgetDead();
    return this.store.claim(runId, this.workerId, this.clock.now());
  }

  /** Takes over a run still executing; false when another live worker holds it, or it has ended. */
  async adopt(runId: string): Promise<boolean> {
    await this.forgetDead();
    return this.store.adopt(runId, this.workerId, this.clock.now());
  }

  /** Like claim, but says who holds the run when it cannot be taken. */
  async claimOrThrow(runId: string): Promise<void> {
    if (await this.claim(runId)) return;
    const owner = await this.store.owner(runId);
    throw new WeftError(
      'run_leased',
      `run ${runId} is being executed by worker ${owner}; send the request to that worker, or wait until its lease (${this.leaseMs} ms) runs out`,
      { retryable: true },
    );
  }

  /**
   * Null while this worker's lease holds. Once it has run out here (the process was frozen, the database
   * was unreachable), other workers may be executing its runs: a step waits on the promise, which resolves
   * when a renewal gets through — after the runs taken from this worker were let go, if it had lost them.
   */
  whenHeld(): Promise<void> | null {
    if (this.stopped) return null;
    if (!this.doubt && this.clock.now() < this.liveUntil) return null;
    return this.doubted();
  }

  async owns(runId: string): Promise<boolean> {
    return (await this.store.owner(runId)) === this.workerId;
  }

  /** Runs whose worker is gone, oldest first. */
  async orphans(): Promise<string[]> {
    await this.forgetDead();
    return this.store.orphans(this.clock.now());
  }

  /**
   * Runs this worker holds in the store that have not changed for a lease period: with the runs it
   * executes, those it let go because their end could not be written (abandoned), to be picked up again.
   */
  stale(): Promise<string[]> {
    return this.store.stale(this.workerId, this.clock.now() - this.leaseMs);
  }

  async workers(): Promise<WorkerInfo[]> {
    const [held, workers] = await Promise.all([this.store.held(), this.store.workers()]);
    return workers.map((w) => ({ ...w, self: w.id === this.workerId, runs: held.get(w.id) ?? 0 }));
  }

  private async register(): Promise<void> {
    const expiresAt = this.clock.now() + this.leaseMs;
    await this.store.register({
      id: this.workerId,
      host: HOST,
      pid: process.pid,
      startedAt: this.startedAt,
      expiresAt,
    });
    this.liveUntil = expiresAt;
  }

  private doubted(): Promise<void> {
    if (!this.doubt) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.doubt = { promise, resolve };
    }
    return this.doubt.promise;
  }

  private settleDoubt(): void {
    const d = this.doubt;
    this.doubt = null;
    d?.resolve();
  }

  private arm(): void {
    this.timer = this.clock.setTimer(() => this.renew(), Math.max(1, Math.floor(this.leaseMs / 3)));
  }

  /** Every third of the lease: renews it (registers again when it was lost) and looks for runs to take over. Never throws. */
  private async renew(): Promise<void> {
    this.timer = null;
    this.arm();
    // A renewal still waiting for the store (a slow database) is not overtaken by the next.
    if (this.renewing) return;
    this.renewing = true;
    try {
      // A lease that ran out (the process was frozen, or the database unreachable) is lost even while its
      // row is there: the others may have taken its runs over, so they are let go unless still held.
      const now = this.clock.now();
      const lost = !(await this.store.renew(this.workerId, now + this.leaseMs, now));
      if (this.stopped) return;
      if (lost) {
        this.logger.warn("this worker's lease had run out and was taken for dead; registering again", {
          workerId: this.workerId,
        });
        // Steps wait until the runs taken from this worker are let go.
        void this.doubted();
        await this.register();
        await this.onRenew(true);
      } else {
        this.liveUntil = now + this.leaseMs;
        void this.onRenew(false);
      }
      this.settleDoubt();
    } catch (err) {
      // The store refuses writes (disk full, read-only, I/O error): the process stays up and tries
      // again; if the store stays unwritable until the lease runs out, another worker may take over.
      this.logger.error('lease renewal failed; trying again at the next renewal', {
        workerId: this.workerId,
        code: (err as { code?: string }).code,
        error: (err as Error).message,
      });
    } finally {
      this.renewing = false;
    }
  }

  /** Workers of this host whose process has exited hold nothing any more. */
  private async forgetDead(): Promise<void> {
    for (const w of await this.store.workers())
      if (w.host === HOST && w.pid !== process.pid && !alive(w.pid)) {
        await this.store.remove(w.id);
        this.logger.info('worker process is gone; its runs may be taken over', { workerId: w.id });
      }
  }
}
