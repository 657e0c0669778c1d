import { secretMasker } from '../../security/secret-mask.ts';
import { columnKeys, insertSql, selectList } from '../columns.ts';
import {
  type AdmissionCandidate,
  type ChildRunRow,
  type NewRun,
  type NewStep,
  type RunActionKind,
  type RunActionRow,
  type RunRow,
  type RunStore,
  RunTakenOver,
  type StepRow,
} from '../run-store.ts';
import { runs, steps } from '../schema.ts';
import { expectRows, type Sql } from '../sql.ts';
import { countRunEnd, uncountRunEnd } from './rollups.ts';
import { runsFor, statusIs } from './status-terms.ts';

/** Connection secrets never reach the store: each text written passes the masker (a no-op while none are known). */
const m = (text: string | null) => secretMasker.mask(text);

const RUN_KEYS = columnKeys(runs);
const STEP_KEYS = columnKeys(steps);
/** Texts that may carry a connection secret, masked on their way into the store. */
const MASKED = new Set<string>([
  'trigger',
  'error',
  'response',
  'input',
  'output',
  'attemptErrors',
  'sentKey',
  'businessKey',
  'businessKeyError',
]);
const ACTIVE = `('retrying', 'waiting')`;

/** A fence's row: the run, held by the worker. */
const FENCE_COLUMNS = ['id', 'owner'] as const;

const S = {
  insertRun: insertSql(runs),
  upsertStep: insertSql(steps, ['runId', 'nodeId']),
  claimDedupe: `INSERT INTO trigger_dedupe (flow_id, key, run_id, created_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (flow_id, key) DO NOTHING`,
  dedupeHolder: `SELECT run_id AS "runId" FROM trigger_dedupe WHERE flow_id = ? AND key = ?`,
  markAdmitted: (list: string) => `UPDATE runs SET admitted_at = ? WHERE id IN (SELECT value FROM ${list})`,
  // A cancelled run stays cancelled: a process that had not heard of it yet cannot finish it otherwise.
  finishRun: `UPDATE runs SET status = ?, error = ?, error_code = ?, error_node_id = ?, response = ?, finished_at = ?,
    updated_at = ? WHERE id = ? AND status <> 'cancelled'`,
  reopenRun: `UPDATE runs SET status = 'running', error = NULL, error_code = NULL, error_node_id = NULL, finished_at = NULL,
    updated_at = ? WHERE id = ?`,
  countRestart: `INSERT INTO step_recoveries (run_id, node_id, count, held) VALUES (?, ?, 1, TRUE)
    ON CONFLICT (run_id, node_id) DO UPDATE
    SET count = step_recoveries.count + CASE WHEN step_recoveries.held THEN 0 ELSE 1 END, held = TRUE RETURNING count`,
  setStatus: `UPDATE runs SET status = ?, updated_at = ? WHERE id = ?`,
  held: `SELECT 1 AS held FROM runs WHERE id = ? AND owner = ?`,
  addAction: `INSERT INTO run_actions (run_id, at, action, note, detail) VALUES (?, ?, ?, ?, ?)`,
  failRetrying: `UPDATE steps SET status = 'failed', error = ?, next_attempt_at = NULL, finished_at = ?
    WHERE run_id = ? AND status IN ${ACTIVE}`,
  setResponse: `UPDATE runs SET response = ?, updated_at = ? WHERE id = ?`,
  insertPayload: `INSERT INTO run_payloads (run_id, hash, data) VALUES (?, ?, ?) ON CONFLICT (run_id, hash) DO NOTHING`,
  payloads: `SELECT hash, data FROM run_payloads WHERE run_id = ?`,
  run: `SELECT ${selectList(runs)} FROM runs WHERE id = ?`,
  runStatus: `SELECT status FROM runs WHERE id = ?`,
  steps: `SELECT ${selectList(steps)} FROM steps WHERE run_id = ?`,
  childRuns: `SELECT id, status, error FROM runs WHERE parent_run_id = ? AND parent_node_id = ? ORDER BY id`,
  actions: `SELECT at, action, note, detail FROM run_actions WHERE run_id = ? ORDER BY id`,
  dueRetries: `SELECT run_id AS "runId", node_id AS "nodeId" FROM steps WHERE status IN ${ACTIVE} AND next_attempt_at <= ?
    ORDER BY next_attempt_at, run_id, node_id LIMIT ?`,
  nextDue: `SELECT MIN(next_attempt_at) AS "at" FROM steps WHERE status IN ${ACTIVE} AND next_attempt_at > ?`,
};

/** The values of a row in the order of `keys` (the table's columns), absent ones as NULL, texts and the kept body masked. */
function valuesOf<K extends string>(keys: readonly K[], row: Partial<Record<K, unknown>>): unknown[] {
  return keys.map((k) => {
    const v = row[k] ?? null;
    if (k === 'triggerBody') return secretMasker.maskBytes(v as Buffer | null);
    return MASKED.has(k) ? m(v as string | null) : v;
  });
}

/** A JSON scalar as the text column keeps it; null for anything else. */
function scalarText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : null;
}

/** A run's error code and node, from its JSON error text (as the migration that added the columns filled them). */
export function errorColumns(error: string | null): { code: string | null; nodeId: string | null } {
  if (error === null) return { code: null, nodeId: null };
  let v: unknown;
  try {
    v = JSON.parse(error);
  } catch {
    return { code: null, nodeId: null };
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return { code: null, nodeId: null };
  const e = v as { code?: unknown; nodeId?: unknown };
  return { code: scalarText(e.code), nodeId: scalarText(e.nodeId) };
}

/**
 * What admission looks at, in one read: the admitted unfinished runs of the flow other than the candidates
 * (a row whose key is NULL; only when `ids` are given) and the first unfinished run of each of `keys`.
 * `list` reads a JSON array of texts given as one value.
 */
function admissionState(list: string, flowId: string, ids: string[] | null, keys: string[]) {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (ids) {
    parts.push(`SELECT CAST(NULL AS TEXT) AS "key", CAST(NULL AS TEXT) AS "first", COUNT(*) AS n FROM runs
      WHERE flow_id = ? AND admitted_at IS NOT NULL AND finished_at IS NULL AND id NOT IN (SELECT value FROM ${list})`);
    params.push(flowId, JSON.stringify(ids));
  }
  if (keys.length) {
    parts.push(`SELECT order_key AS "key", MIN(id) AS "first", 0 AS n FROM runs
      WHERE flow_id = ? AND finished_at IS NULL AND order_key IN (SELECT value FROM ${list}) GROUP BY order_key`);
    params.push(flowId, JSON.stringify(keys));
  }
  return { text: parts.join('\n    UNION ALL\n    '), params };
}

/** `(?, ?, …)` for `n` values. */
const marks = (n: number) => `(${Array.from({ length: n }, () => '?').join(', ')})`;

/**
 * Runs and steps in the SQL both dialects speak. A write that is one deferred statement answers with its
 * promise (no async frame of its own: the write path makes several per step).
 */
export class SqlRunStore implements RunStore {
  constructor(private readonly sql: Sql) {}

  insertRun(r: NewRun): Promise<void> {
    const done = this.sql.defer(S.insertRun, valuesOf(RUN_KEYS, r));
    // SQLite: a run made here is held by the worker it names, and its steps' fences need not read it.
    const { fences } = this.sql;
    if (fences && r.owner) {
      const owner = r.owner;
      done.then(
        () => fences.found(r.id, owner),
        () => {},
      );
    }
    return done;
  }

  async admit(flowId: string, candidates: readonly AdmissionCandidate[], at: number): Promise<string[]> {
    if (candidates.length === 0) return [];
    // SQLite's write lock holds every admission of the write; PostgreSQL locks the flow's admissions.
    if (this.sql.dialect === 'postgres')
      await this.sql.defer(`SELECT pg_advisory_xact_lock(hashtext(?))`, [`weft.admission.${flowId}`]);
    const list = this.sql.dialect === 'postgres' ? 'json_array_elements_text(CAST(? AS json))' : 'json_each(?)';
    const keys = [...new Set(candidates.flatMap((c) => (c.orderKey === null ? [] : [c.orderKey])))];
    const counted = candidates.some((c) => c.concurrency !== undefined);
    const { text, params } = admissionState(list, flowId, counted ? candidates.map((c) => c.id) : null, keys);
    type State = { key: string | null; first: string | null; n: unknown };
    const rows = text ? await this.sql.all<State>(text, params) : [];
    // Run ids are time-ordered: the first unfinished run of a key arrived before the others. A candidate is
    // an unfinished run of its key itself: the first is that run or an earlier one.
    const first = new Map<string, string>();
    let admitted = 0;
    for (const r of rows) {
      if (r.key === null) admitted = Number(r.n);
      else if (r.first !== null) first.set(r.key, r.first);
    }
    const ok: string[] = [];
    for (const c of candidates) {
      if (c.concurrency !== undefined && admitted >= c.concurrency) continue;
      const holder = c.orderKey === null ? undefined : first.get(c.orderKey);
      if (holder !== undefined && holder !== c.id) continue;
      ok.push(c.id);
      admitted++;
    }
    if (ok.length) await this.sql.defer(S.markAdmitted(list), [at, JSON.stringify(ok)]);
    return ok;
  }

  async dedupeHolder(flowId: string, key: string): Promise<string | null> {
    return (await this.sql.get<{ runId: string }>(S.dedupeHolder, [flowId, key]))?.runId ?? null;
  }

  async claimDedupe(flowId: string, key: string, runId: string, now: number): Promise<string | null> {
    // PostgreSQL: a claim by another transaction not yet committed makes this one wait for it; once that
    // commits, the key is taken and the holder's row is visible to the next statement.
    if ((await this.sql.run(S.claimDedupe, [flowId, key, runId, now])).changes === 1) return null;
    return this.dedupeHolder(flowId, key);
  }

  async fence(id: string, owner: string): Promise<void> {
    // SQLite writes one transaction at a time: a read says it.
    if (this.sql.dialect === 'sqlite') {
      if (this.sql.fences?.isHeld(id, owner)) return;
      if (!(await this.sql.get(S.held, [id, owner]))) throw new RunTakenOver(id, owner);
      this.sql.fences?.found(id, owner);
      return;
    }
    // PostgreSQL: a share lock, so the fences of concurrent writes do not wait for one another while a
    // claim (an UPDATE of the row) waits for them; sent with the write's other statements, and the row
    // found or not checked by the server, so the batch still goes with its COMMIT as one message. Inside a
    // write transaction, one statement finds and locks the rows of all the batch's fences.
    if (this.sql.lockRow)
      return this.sql.lockRow('runs', FENCE_COLUMNS, [id, owner], () => new RunTakenOver(id, owner));
    await this.sql.defer(
      `${S.held} FOR SHARE`,
      [id, owner],
      expectRows(1, () => new RunTakenOver(id, owner)),
    );
  }

  upsertStep(r: NewStep): Promise<void> {
    return this.sql.defer(S.upsertStep, valuesOf(STEP_KEYS, r));
  }

  async finishRun(
    id: string,
    status: RunRow['status'],
    error: string | null,
    response: string | null,
    at: number,
  ): Promise<void> {
    const masked = m(error);
    const e = errorColumns(masked);
    await countRunEnd(this.sql, id, status, e, at);
    await this.sql.defer(S.finishRun, [status, masked, e.code, e.nodeId, m(response), at, at, id]);
    this.sql.fences?.ownerChanged(id);
  }

  async reopenRun(id: string, at: number): Promise<void> {
    await uncountRunEnd(this.sql, id);
    await this.sql.defer(S.reopenRun, [at, id]);
  }

  async countRestart(runId: string, nodeId: string): Promise<number> {
    return Number((await this.sql.get<{ count: number }>(S.countRestart, [runId, nodeId]))?.count);
  }

  async deleteSteps(runId: string, nodeIds: readonly string[]): Promise<void> {
    const ids = [...new Set(nodeIds)];
    if (ids.length === 0) return;
    await this.sql.run(`DELETE FROM steps WHERE run_id = ? AND node_id IN (${ids.map(() => '?').join(', ')})`, [
      runId,
      ...ids,
    ]);
  }

  async holdSteps(runId: string, nodeIds: readonly string[]): Promise<void> {
    const ids = [...new Set(nodeIds)];
    if (ids.length === 0) return;
    await this.sql.defer(
      `INSERT INTO step_recoveries (run_id, node_id, count, held) VALUES ${ids.map(() => '(?, ?, 0, TRUE)').join(', ')}
      ON CONFLICT (run_id, node_id) DO UPDATE SET held = TRUE`,
      ids.flatMap((id) => [runId, id]),
    );
  }

  async releaseSteps(runId: string, nodeIds: readonly string[]): Promise<void> {
    if (nodeIds.length === 0) return;
    await this.sql.defer(
      `UPDATE step_recoveries SET held = FALSE WHERE run_id = ? AND held AND node_id IN ${marks(nodeIds.length)}`,
      [runId, ...nodeIds],
    );
  }

  setStatus(id: string, status: RunRow['status'], at: number): Promise<void> {
    return this.sql.defer(S.setStatus, [status, at, id]);
  }

  async addAction(
    runId: string,
    at: number,
    action: RunActionKind,
    note: string | null,
    detail: unknown,
  ): Promise<void> {
    await this.sql.defer(S.addAction, [
      runId,
      at,
      action,
      m(note),
      detail === undefined ? null : m(JSON.stringify(detail)),
    ]);
  }

  failRetryingSteps(runId: string, error: string, at: number): Promise<void> {
    return this.sql.defer(S.failRetrying, [m(error), at, runId]);
  }

  setResponse(id: string, response: string, at: number): Promise<void> {
    return this.sql.defer(S.setResponse, [m(response), at, id]);
  }

  insertPayload(runId: string, hash: string, data: string): Promise<void> {
    return this.sql.defer(S.insertPayload, [runId, hash, m(data)]);
  }

  run(id: string): Promise<RunRow | undefined> {
    return this.sql.get<RunRow>(S.run, [id]);
  }

  async runStatus(id: string): Promise<RunRow['status'] | undefined> {
    return (await this.sql.get<{ status: RunRow['status'] }>(S.runStatus, [id]))?.status;
  }

  runsWithStatus(status: RunRow['status']): Promise<RunRow[]> {
    return this.sql.all<RunRow>(
      `SELECT ${selectList(runs)} FROM ${runsFor(status, this.sql.dialect)} WHERE ${statusIs(status)} ORDER BY created_at`,
    );
  }

  steps(runId: string): Promise<StepRow[]> {
    return this.sql.all<StepRow>(S.steps, [runId]);
  }

  childRuns(parentRunId: string, parentNodeId: string): Promise<ChildRunRow[]> {
    return this.sql.all<ChildRunRow>(S.childRuns, [parentRunId, parentNodeId]);
  }

  actions(runId: string): Promise<RunActionRow[]> {
    return this.sql.all<RunActionRow>(S.actions, [runId]);
  }

  async payloads(runId: string): Promise<Map<string, string>> {
    const rows = await this.sql.all<{ hash: string; data: string }>(S.payloads, [runId]);
    return new Map(rows.map((r) => [r.hash, r.data]));
  }

  dueRetries(now: number, limit = 500): Promise<{ runId: string; nodeId: string }[]> {
    return this.sql.all(S.dueRetries, [now, limit]);
  }

  async nextDueAt(now: number): Promise<number | null> {
    const at = (await this.sql.get<{ at: number | null }>(S.nextDue, [now]))?.at;
    return at === null || at === undefined ? null : Number(at);
  }
}
