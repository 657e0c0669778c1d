import type { Principal } from '../../shared/identity.ts';
import type { AuditLog } from './audit.ts';

export interface Denial {
  /** The caller's address (client-address.ts). */
  address: string;
  /** "METHOD /api/route/{param}" as route-roles.ts names it. */
  route: string;
  status: number;
  /** The error code (unauthenticated, forbidden, csrf_failed, too_many_attempts). */
  code: string;
  /** Why, as the caller was told. */
  reason: string;
  /** Who was refused, when known (a role too low). */
  actor?: Pick<Principal, 'kind' | 'id' | 'name'> | null;
}

interface Window {
  denial: Denial;
  startedAt: number;
  /** Denials since the last entry, not yet written. */
  pending: number;
  firstPendingAt: number;
}

const WINDOW_MS = 60_000;
/** Distinct address+route+reason windows kept; past this, new ones share one window per route and reason. */
const MAX_WINDOWS = 1000;

/**
 * Writes refused API requests to the audit log, at most one entry per address, route and reason per
 * minute: the first refusal is written at once; the ones that follow are counted and written as one
 * entry (`detail.count`, `detail.since`) once the minute is over, or when the runtime stops. A flood of
 * refused requests cannot bloat the log.
 */
export class DeniedRequests {
  private windows = new Map<string, Window>();
  private sweptAt = 0;

  constructor(
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves once what is due is in the audit log (the first refusal of a window, windows swept). */
  async record(d: Denial): Promise<void> {
    const now = this.now();
    const writes = this.sweep(now);
    let key = `${d.address}\n${d.route}\n${d.code}\n${d.reason}`;
    if (!this.windows.has(key) && this.windows.size >= MAX_WINDOWS) {
      d = { ...d, address: '(many addresses)', actor: null };
      key = `*\n${d.route}\n${d.code}\n${d.reason}`;
    }
    const w = this.windows.get(key);
    if (w && now - w.startedAt < WINDOW_MS) {
      if (w.pending++ === 0) w.firstPendingAt = now;
      await Promise.all(writes);
      return;
    }
    const count = (w?.pending ?? 0) + 1;
    writes.push(this.write(d, count, w && w.pending > 0 ? w.firstPendingAt : now));
    this.windows.set(key, { denial: d, startedAt: now, pending: 0, firstPendingAt: 0 });
    await Promise.all(writes);
  }

  /** Writes the counts not written yet (at stop). */
  async flush(): Promise<void> {
    const writes = [...this.windows.values()]
      .filter((w) => w.pending > 0)
      .map((w) => this.write(w.denial, w.pending, w.firstPendingAt));
    this.windows.clear();
    await Promise.all(writes);
  }

  /**
   * At most every few seconds: windows whose minute is over write what they counted (and start a new
   * minute, so the next entry is again a minute later) or, with nothing counted, are forgotten.
   */
  private sweep(now: number): Promise<void>[] {
    const writes: Promise<void>[] = [];
    if (now - this.sweptAt < 5_000) return writes;
    this.sweptAt = now;
    for (const [key, w] of this.windows) {
      if (now - w.startedAt < WINDOW_MS) continue;
      if (w.pending === 0) {
        this.windows.delete(key);
        continue;
      }
      writes.push(this.write(w.denial, w.pending, w.firstPendingAt));
      Object.assign(w, { startedAt: now, pending: 0, firstPendingAt: 0 });
    }
    return writes;
  }

  private async write(d: Denial, count: number, since: number): Promise<void> {
    await this.audit.record({
      actor: d.actor ?? null,
      action: 'auth.denied',
      target: d.route,
      detail: { address: d.address, status: d.status, code: d.code, reason: d.reason, count, since },
    });
  }
}
