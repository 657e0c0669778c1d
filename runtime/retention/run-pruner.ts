import type Database from 'better-sqlite3';
import type { RetentionPolicy } from '../../shared/retention.ts';

/** Runs per transaction: the write lock is held for one batch, then other writers get their turn. */
export const PRUNE_BATCH = 500;

const DAY_MS = 86_400_000;
const FINISHED = `('succeeded', 'failed', 'cancelled', 'timed_out', 'discarded', 'compensated')`;
/** A sub-flow run whose caller has not finished yet may still be read for its result; it waits. */
const CALLER_SETTLED = `(r.parent_run_id IS NULL OR NOT EXISTS (SELECT 1 FROM runs p WHERE p.id = r.parent_run_id AND p.finished_at IS NULL))`;
const HAS_PAYLOAD = `EXISTS (SELECT 1 FROM steps s WHERE s.run_id = r.id AND (s.input IS NOT NULL OR s.output IS NOT NULL))`;
const IDS = `(SELECT value FROM json_each(?))`;

/** The runs a policy covers: one flow's, or those of every flow without its own policy. */
export type Scope = { flowId: string } | { except: string[] };

export interface BatchCounts {
  /** Per flow id. */
  deleted: Map<string, number>;
  dropped: Map<string, number>;
}

interface Candidate {
  id: string;
  flowId: string;
  createdAt: number;
  rid: number;
}

/**
 * Deletes finished runs past their policy's age and drops the step payloads of succeeded runs, a
 * batch per IMMEDIATE transaction. Running and waiting runs (no finished_at) are never touched.
 * Expired runs are taken in index order (no sort: a first prune may find millions); succeeded runs
 * by a (created_at, rowid) cursor, so each is looked at once per prune, even those already dropped.
 */
export class RunPruner {
  private readonly q;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly batch = PRUNE_BATCH,
  ) {
    const variants = (make: (filter: string) => string) => ({
      flow: sqlite.prepare(make('r.flow_id = @scope')),
      others: sqlite.prepare(make(`r.flow_id NOT IN (SELECT value FROM json_each(@scope))`)),
    });
    this.q = {
      expired: variants(
        (f) => `SELECT r.id, r.flow_id AS flowId FROM runs r
        WHERE ${f} AND r.created_at < @cutoff AND r.finished_at < @cutoff AND r.status IN ${FINISHED} AND ${CALLER_SETTLED}
        LIMIT @limit`,
      ),
      withPayloads: variants(
        (f) => `SELECT r.id, r.flow_id AS flowId, r.created_at AS createdAt, r.rowid AS rid FROM runs r
        WHERE ${f} AND r.status = 'succeeded' AND r.finished_at IS NOT NULL AND (r.created_at, r.rowid) > (@afterCreated, @afterRid)
          AND ${HAS_PAYLOAD} AND ${CALLER_SETTLED}
        ORDER BY r.created_at, r.rowid LIMIT @limit`,
      ),
      // Steps, payloads, actions, recoveries and the run's dedupe key go with it (ON DELETE CASCADE): the
      // same event may start a new run once the old one is gone.
      deleteRuns: sqlite.prepare(`DELETE FROM runs WHERE id IN ${IDS}`),
      dropStepPayloads: sqlite.prepare(
        `UPDATE steps SET input = NULL, output = NULL WHERE run_id IN ${IDS} AND (input IS NOT NULL OR output IS NOT NULL)`,
      ),
      dropRunPayloads: sqlite.prepare(`DELETE FROM run_payloads WHERE run_id IN ${IDS}`),
    };
  }

  /**
   * Applies one policy to its scope at `now`, yielding a turn between batches. Stops early (between
   * batches) when `shouldStop` says so.
   */
  async apply(
    scope: Scope,
    policy: RetentionPolicy,
    now: number,
    counts: BatchCounts,
    shouldStop: () => boolean,
  ): Promise<void> {
    const which = 'flowId' in scope ? 'flow' : 'others';
    const scopeArg = 'flowId' in scope ? scope.flowId : JSON.stringify(scope.except);
    if (policy.days !== null) {
      const cutoff = now - policy.days * DAY_MS;
      for (let more = true; more && !shouldStop(); await turn())
        more = this.deleteBatch(which, scopeArg, cutoff, counts);
    }
    if (!policy.keepSuccessPayloads) {
      const after = { afterCreated: -1, afterRid: -1 };
      for (let more = true; more && !shouldStop(); await turn()) more = this.dropBatch(which, scopeArg, after, counts);
    }
  }

  /** One transaction: deletes up to a batch of expired runs with every row that belongs to them. */
  private deleteBatch(which: 'flow' | 'others', scope: string, cutoff: number, counts: BatchCounts): boolean {
    return this.sqlite
      .transaction(() => {
        const runs = this.q.expired[which].all({ scope, cutoff, limit: this.batch }) as Candidate[];
        if (runs.length === 0) return false;
        this.q.deleteRuns.run(JSON.stringify(runs.map((r) => r.id)));
        for (const r of runs) counts.deleted.set(r.flowId, (counts.deleted.get(r.flowId) ?? 0) + 1);
        return runs.length === this.batch;
      })
      .immediate();
  }

  /** One transaction: drops the step inputs and outputs of up to a batch of succeeded runs; their outline stays. */
  private dropBatch(
    which: 'flow' | 'others',
    scope: string,
    after: { afterCreated: number; afterRid: number },
    counts: BatchCounts,
  ): boolean {
    return this.sqlite
      .transaction(() => {
        const runs = this.q.withPayloads[which].all({ scope, ...after, limit: this.batch }) as Candidate[];
        if (runs.length === 0) return false;
        const ids = JSON.stringify(runs.map((r) => r.id));
        this.q.dropStepPayloads.run(ids);
        this.q.dropRunPayloads.run(ids);
        for (const r of runs) counts.dropped.set(r.flowId, (counts.dropped.get(r.flowId) ?? 0) + 1);
        const last = runs[runs.length - 1]!;
        after.afterCreated = last.createdAt;
        after.afterRid = last.rid;
        return runs.length === this.batch;
      })
      .immediate();
  }
}

const turn = () => new Promise<void>((r) => setImmediate(r));
