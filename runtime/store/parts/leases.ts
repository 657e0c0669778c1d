import { columnKeys, insertSql, selectList } from '../columns.ts';
import type { LeaseStore, WorkerRow } from '../lease-store.ts';
import { workers } from '../schema.ts';
import type { Dialect } from '../ports.ts';
import type { Sql } from '../sql.ts';
import { runsWithStatuses } from './status-terms.ts';

const WORKER_KEYS = columnKeys(workers);
/** Statuses in which a run is executed by a worker (and so held by its lease). */
const HELD = `('running', 'compensating')`;
const heldRuns = (d: Dialect) => runsWithStatuses(['running', 'compensating'], 'id, owner, created_at, updated_at', d);

const S = {
  register: insertSql(workers, ['id']),
  renew: `UPDATE workers SET expires_at = ? WHERE id = ? AND expires_at > ?`,
  remove: `DELETE FROM workers WHERE id = ?`,
  workers: `SELECT ${selectList(workers)} FROM workers ORDER BY started_at`,
  claim: `UPDATE runs SET owner = ? WHERE id = ? AND (status NOT IN ${HELD} OR owner IS NULL OR owner = ?
    OR owner NOT IN (SELECT id FROM workers WHERE expires_at > ?))`,
  adopt: `UPDATE runs SET owner = ? WHERE id = ? AND status IN ${HELD} AND (owner IS NULL OR owner = ?
    OR owner NOT IN (SELECT id FROM workers WHERE expires_at > ?))`,
  owner: `SELECT owner FROM runs WHERE id = ?`,
};

/** Reads of the runs held by workers' leases, for a dialect. */
const heldSql = (d: Dialect) => ({
  orphans: `SELECT id FROM ${heldRuns(d)} r WHERE owner IS NULL
    OR owner NOT IN (SELECT id FROM workers WHERE expires_at > ?) ORDER BY created_at`,
  stale: `SELECT id FROM ${heldRuns(d)} r WHERE owner = ? AND updated_at < ? ORDER BY created_at`,
  held: `SELECT owner, COUNT(*) AS "runs" FROM ${heldRuns(d)} r GROUP BY owner`,
});
const HELD_SQL = { sqlite: heldSql('sqlite'), postgres: heldSql('postgres') };

/** Worker leases, in the SQL both dialects speak; each statement commits on its own. */
export class SqlLeaseStore implements LeaseStore {
  constructor(private readonly sql: Sql) {}

  async register(w: WorkerRow): Promise<void> {
    await this.sql.run(
      S.register,
      WORKER_KEYS.map((k) => w[k]),
    );
  }

  async renew(id: string, expiresAt: number, now: number): Promise<boolean> {
    return (await this.sql.run(S.renew, [expiresAt, id, now])).changes === 1;
  }

  async remove(id: string): Promise<void> {
    await this.sql.run(S.remove, [id]);
  }

  workers(): Promise<WorkerRow[]> {
    return this.sql.all<WorkerRow>(S.workers);
  }

  async claim(runId: string, owner: string, now: number): Promise<boolean> {
    this.sql.fences?.ownerChanged(runId);
    return (await this.sql.run(S.claim, [owner, runId, owner, now])).changes === 1;
  }

  async adopt(runId: string, owner: string, now: number): Promise<boolean> {
    this.sql.fences?.ownerChanged(runId);
    return (await this.sql.run(S.adopt, [owner, runId, owner, now])).changes === 1;
  }

  async owner(runId: string): Promise<string | null> {
    return (await this.sql.get<{ owner: string | null }>(S.owner, [runId]))?.owner ?? null;
  }

  async orphans(now: number): Promise<string[]> {
    return (await this.sql.all<{ id: string }>(HELD_SQL[this.sql.dialect].orphans, [now])).map((r) => r.id);
  }

  async stale(owner: string, before: number): Promise<string[]> {
    return (await this.sql.all<{ id: string }>(HELD_SQL[this.sql.dialect].stale, [owner, before])).map((r) => r.id);
  }

  async held(): Promise<Map<string | null, number>> {
    const rows = await this.sql.all<{ owner: string | null; runs: number }>(HELD_SQL[this.sql.dialect].held);
    return new Map(rows.map((r) => [r.owner, Number(r.runs)]));
  }
}
