import type Database from 'better-sqlite3';
import { workers } from './schema.ts';
import { columnKeys, insertSql, selectList } from './columns.ts';

export type WorkerRow = typeof workers.$inferSelect;
const WORKER_KEYS = columnKeys(workers);

/** Statuses in which a run is executed by a worker (and so held by its lease). */
const HELD = `('running', 'compensating')`;

/**
 * Worker leases. Written directly (autocommit), not through the group committer: a claim must be
 * settled before the claimant touches the run, and SQLite serialises the claims of several processes.
 */
export class LeaseStore {
  private readonly s;

  constructor(sqlite: Database.Database) {
    this.s = {
      register: sqlite.prepare(insertSql(workers, ['id'])),
      renew: sqlite.prepare(`UPDATE workers SET expires_at = ? WHERE id = ?`),
      remove: sqlite.prepare(`DELETE FROM workers WHERE id = ?`),
      workers: sqlite.prepare(`SELECT ${selectList(workers)} FROM workers ORDER BY started_at`),
      claim:
        sqlite.prepare(`UPDATE runs SET owner = ? WHERE id = ? AND (status NOT IN ${HELD} OR owner IS NULL OR owner = ?
        OR owner NOT IN (SELECT id FROM workers WHERE expires_at > ?))`),
      owner: sqlite.prepare(`SELECT owner FROM runs WHERE id = ?`).pluck(),
      orphans: sqlite
        .prepare(`SELECT id FROM runs WHERE status IN ${HELD} AND (owner IS NULL
        OR owner NOT IN (SELECT id FROM workers WHERE expires_at > ?)) ORDER BY created_at`)
        .pluck(),
      held: sqlite.prepare(`SELECT owner, COUNT(*) AS runs FROM runs WHERE status IN ${HELD} GROUP BY owner`),
    };
  }

  register(w: WorkerRow): void {
    this.s.register.run(WORKER_KEYS.map((k) => w[k]));
  }

  /** False when the row is gone: another worker took this one for dead. */
  renew(id: string, expiresAt: number): boolean {
    return this.s.renew.run(expiresAt, id).changes === 1;
  }

  remove(id: string): void {
    this.s.remove.run(id);
  }

  workers(): WorkerRow[] {
    return this.s.workers.all() as WorkerRow[];
  }

  /** Takes a run for `owner` unless a live worker holds it; true when `owner` now holds it. */
  claim(runId: string, owner: string, now: number): boolean {
    return this.s.claim.run(owner, runId, owner, now).changes === 1;
  }

  owner(runId: string): string | null {
    return (this.s.owner.get(runId) as string | null | undefined) ?? null;
  }

  /** Runs being executed whose worker's lease has run out (or that never had one). */
  orphans(now: number): string[] {
    return this.s.orphans.all(now) as string[];
  }

  /** How many executing runs each worker holds. */
  held(): Map<string | null, number> {
    return new Map((this.s.held.all() as { owner: string | null; runs: number }[]).map((r) => [r.owner, r.runs]));
  }
}
