import type { RetentionRule } from '../../../shared/retention.ts';
import { retentionPolicies } from '../schema.ts';
import { columnKeys, insertSql, selectList } from '../columns.ts';
import type { PruneCursor, PruneScope, PrunedRun, RetentionStore } from '../retention-store.ts';
import { boolValue, type Sql } from '../sql.ts';
import { STATUS_INDEXED } from './status-terms.ts';

const KEYS = columnKeys(retentionPolicies);
const COLUMNS = selectList(retentionPolicies);
const UPSERT = insertSql(retentionPolicies, ['flowId']);

const FINISHED = `('succeeded', 'failed', 'cancelled', 'timed_out', 'discarded', 'compensated')`;
/** A sub-flow run whose caller has not finished yet may still be read for its result; it waits. */
const CALLER_SETTLED = `(r.parent_run_id IS NULL OR NOT EXISTS (SELECT 1 FROM runs p WHERE p.id = r.parent_run_id AND p.finished_at IS NULL))`;
const HAS_PAYLOAD = `EXISTS (SELECT 1 FROM steps s WHERE s.run_id = r.id AND (s.input IS NOT NULL OR s.output IS NOT NULL))`;

/** The runs of one flow (a parameter), or of every flow without a policy of its own. */
const SCOPE = {
  flow: 'r.flow_id = ?',
  default: 'NOT EXISTS (SELECT 1 FROM retention_policies o WHERE o.flow_id = r.flow_id)',
};

const bothScopes = (make: (filter: string) => string) => ({ flow: make(SCOPE.flow), default: make(SCOPE.default) });

/**
 * Expired runs are taken in index order (no sort: a first prune may find millions). Steps, payloads,
 * files, actions, recoveries and the run's dedupe key go with the run (ON DELETE CASCADE): the same event may
 * start a new run once the old one is gone.
 */
const DELETE_EXPIRED = bothScopes(
  (f) => `DELETE FROM runs WHERE id IN (SELECT r.id FROM runs r
    WHERE ${f} AND r.created_at < ? AND r.finished_at < ? AND r.status IN ${FINISHED} AND r.${STATUS_INDEXED} AND ${CALLER_SETTLED}
    LIMIT ?) RETURNING id AS "id", flow_id AS "flowId"`,
);

/** Succeeded runs by a (created_at, id) cursor, so each is looked at once per prune, even those already dropped. */
const WITH_PAYLOADS = bothScopes(
  (f) => `SELECT r.id AS "id", r.flow_id AS "flowId", r.created_at AS "createdAt" FROM runs r
    WHERE ${f} AND r.status = 'succeeded' AND r.${STATUS_INDEXED} AND r.finished_at IS NOT NULL AND (r.created_at, r.id) > (?, ?)
      AND ${HAS_PAYLOAD} AND ${CALLER_SETTLED}
    ORDER BY r.created_at, r.id LIMIT ?`,
);

type StoredRule = Omit<RetentionRule, 'keepSuccessPayloads'> & { keepSuccessPayloads: unknown };

const ruleOf = (r: StoredRule): RetentionRule => ({
  ...r,
  days: r.days === null ? null : Number(r.days),
  keepSuccessPayloads: boolValue(r.keepSuccessPayloads),
});

/**
 * `?, ?, …` for `ids`, padded with NULLs (which match nothing) to a power of two: a few statement texts
 * serve every batch size.
 */
function idList(ids: readonly string[]): { text: string; params: (string | null)[] } {
  let width = 8;
  while (width < ids.length) width *= 2;
  const params: (string | null)[] = [...ids, ...Array<null>(width - ids.length).fill(null)];
  return { text: params.map(() => '?').join(', '), params };
}

/** Retention policies and the prune's batches, in the SQL both dialects speak. */
export class SqlRetentionStore implements RetentionStore {
  constructor(private readonly sql: Sql) {}

  async rules(): Promise<RetentionRule[]> {
    return (await this.sql.all<StoredRule>(`SELECT ${COLUMNS} FROM retention_policies ORDER BY flow_id`)).map(ruleOf);
  }

  async rule(flowId: string): Promise<RetentionRule | null> {
    const r = await this.sql.get<StoredRule>(`SELECT ${COLUMNS} FROM retention_policies WHERE flow_id = ?`, [flowId]);
    return r ? ruleOf(r) : null;
  }

  async set(rule: RetentionRule): Promise<void> {
    await this.sql.run(
      UPSERT,
      KEYS.map((k) => rule[k]),
    );
  }

  async remove(flowId: string): Promise<RetentionRule | null> {
    const r = await this.sql.get<StoredRule>(`DELETE FROM retention_policies WHERE flow_id = ? RETURNING ${COLUMNS}`, [
      flowId,
    ]);
    return r ? ruleOf(r) : null;
  }

  async flowNames(): Promise<{ id: string; name: string }[]> {
    return this.sql.all(`SELECT id AS "id", name AS "name" FROM flows ORDER BY name, id`);
  }

  async deleteExpired(scope: PruneScope, cutoff: number, limit: number): Promise<PrunedRun[]> {
    const [text, head] = scope === 'default' ? [DELETE_EXPIRED.default, []] : [DELETE_EXPIRED.flow, [scope.flowId]];
    return this.sql.all<PrunedRun>(text, [...head, cutoff, cutoff, limit]);
  }

  async dropPayloads(
    scope: PruneScope,
    after: PruneCursor,
    limit: number,
  ): Promise<{ runs: PrunedRun[]; next: PruneCursor }> {
    const [text, head] = scope === 'default' ? [WITH_PAYLOADS.default, []] : [WITH_PAYLOADS.flow, [scope.flowId]];
    const found = await this.sql.all<PrunedRun & { createdAt: number | string }>(text, [
      ...head,
      after.createdAt,
      after.id,
      limit,
    ]);
    if (found.length === 0) return { runs: [], next: after };
    const ids = idList(found.map((r) => r.id));
    await this.sql.run(
      `UPDATE steps SET input = NULL, output = NULL WHERE run_id IN (${ids.text}) AND (input IS NOT NULL OR output IS NOT NULL)`,
      ids.params,
    );
    await this.sql.run(`DELETE FROM run_payloads WHERE run_id IN (${ids.text})`, ids.params);
    await this.sql.run(`DELETE FROM run_files WHERE run_id IN (${ids.text})`, ids.params);
    const last = found[found.length - 1]!;
    return {
      runs: found.map((r) => ({ id: r.id, flowId: r.flowId })),
      next: { createdAt: Number(last.createdAt), id: last.id },
    };
  }
}
