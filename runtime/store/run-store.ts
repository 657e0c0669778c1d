import type Database from 'better-sqlite3';
import type { Db } from './db.ts';
import { Committer } from './committer.ts';
import { LeaseStore } from './lease-store.ts';
import { secretMasker } from '../security/secret-mask.ts';
import { type runActions, runs, steps } from './schema.ts';
import { columnKeys, insertSql, selectList } from './columns.ts';

/** Connection secrets never reach the store: each text written passes the masker (a no-op while none are known). */
const m = (text: string | null) => secretMasker.mask(text);

/** A run as stored; the texts error and response are JSON. */
export type RunRow = typeof runs.$inferSelect;
/** A new run: the columns that may be null may be left out. */
export type NewRun = typeof runs.$inferInsert;
/** One node execution of a run as stored; input, output, error and attemptErrors are JSON texts. */
export type StepRow = typeof steps.$inferSelect;
export type NewStep = typeof steps.$inferInsert;
export type RunActionKind = RunActionRow['action'];
export type RunActionRow = Pick<typeof runActions.$inferSelect, 'at' | 'action' | 'note' | 'detail'>;

const RUN_KEYS = columnKeys(runs);
const STEP_KEYS = columnKeys(steps);
/** Texts that may carry a connection secret, masked on their way into the store. */
const MASKED = new Set<string>(['trigger', 'error', 'response', 'input', 'output', 'attemptErrors', 'sentKey']);

/** A run's error code and node, from its JSON error text (as the migration that added them backfilled them). */
const ERROR_KEYS = `error_code = CASE WHEN json_valid(@error) THEN json_extract(@error, '$.code') END,
  error_node_id = CASE WHEN json_valid(@error) THEN json_extract(@error, '$.nodeId') END`;

/** The values of a row in the order of `keys` (the table's columns), absent ones as NULL, texts masked. */
function valuesOf<K extends string>(keys: readonly K[], row: Partial<Record<K, unknown>>): unknown[] {
  return keys.map((k) => {
    const v = row[k] ?? null;
    return MASKED.has(k) ? m(v as string | null) : v;
  });
}

/**
 * The engine's hot path: prepared statements over the run tables, written
 * through the group committer. Reads are synchronous (SQLite is in-process).
 */
export class RunStore {
  readonly committer: Committer;
  readonly leases: LeaseStore;
  private readonly s;

  constructor(readonly db: Db) {
    const sqlite: Database.Database = db.$client;
    this.committer = new Committer(sqlite);
    this.leases = new LeaseStore(sqlite);
    this.s = {
      insertRun: sqlite.prepare(insertSql(runs)),
      claimDedupe: sqlite.prepare(`INSERT INTO trigger_dedupe (flow_id, key, run_id, created_at) VALUES (?, ?, ?, ?)`),
      dedupeRun: sqlite.prepare(`SELECT run_id AS runId FROM trigger_dedupe WHERE flow_id = ? AND key = ?`).pluck(),
      upsertStep: sqlite.prepare(insertSql(steps, ['runId', 'nodeId'])),
      deleteStep: sqlite.prepare(`DELETE FROM steps WHERE run_id = ? AND node_id = ?`),
      // The one place a run's error is written: its code and node go into their own columns with it.
      finishRun: sqlite.prepare(
        `UPDATE runs SET status = @status, error = @error, ${ERROR_KEYS}, response = @response, finished_at = @at, updated_at = @at WHERE id = @id`,
      ),
      reopenRun: sqlite.prepare(
        `UPDATE runs SET status = 'running', error = NULL, error_code = NULL, error_node_id = NULL, finished_at = NULL, updated_at = ? WHERE id = ?`,
      ),
      countRestart: sqlite
        .prepare(`INSERT INTO step_recoveries (run_id, node_id, count, held) VALUES (?, ?, 1, 1)
        ON CONFLICT (run_id, node_id) DO UPDATE SET count = count + 1 - held, held = 1 RETURNING count`)
        .pluck(),
      holdStep: sqlite.prepare(`INSERT INTO step_recoveries (run_id, node_id, count, held) VALUES (?, ?, 0, 1)
        ON CONFLICT (run_id, node_id) DO UPDATE SET held = 1`),
      releaseStep: sqlite.prepare(`UPDATE step_recoveries SET held = 0 WHERE run_id = ? AND node_id = ? AND held = 1`),
      setStatus: sqlite.prepare(`UPDATE runs SET status = ?, updated_at = ? WHERE id = ?`),
      addAction: sqlite.prepare(`INSERT INTO run_actions (run_id, at, action, note, detail) VALUES (?, ?, ?, ?, ?)`),
      actions: sqlite.prepare(`SELECT at, action, note, detail FROM run_actions WHERE run_id = ? ORDER BY id`),
      failRetrying: sqlite.prepare(
        `UPDATE steps SET status = 'failed', error = ?, next_attempt_at = NULL, finished_at = ? WHERE run_id = ? AND status IN ('retrying', 'waiting')`,
      ),
      setResponse: sqlite.prepare(`UPDATE runs SET response = ?, updated_at = ? WHERE id = ?`),
      insertPayload: sqlite.prepare(`INSERT OR IGNORE INTO run_payloads (run_id, hash, data) VALUES (?, ?, ?)`),
      payload: sqlite.prepare(`SELECT data FROM run_payloads WHERE run_id = ? AND hash = ?`).pluck(),
      run: sqlite.prepare(`SELECT ${selectList(runs)} FROM runs WHERE id = ?`),
      runsByStatus: sqlite.prepare(`SELECT ${selectList(runs)} FROM runs WHERE status = ? ORDER BY created_at`),
      steps: sqlite.prepare(`SELECT ${selectList(steps)} FROM steps WHERE run_id = ?`),
      dueRetries: sqlite.prepare(
        `SELECT run_id AS runId, node_id AS nodeId FROM steps WHERE status IN ('retrying', 'waiting') AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?`,
      ),
      nextDue: sqlite
        .prepare(
          `SELECT MIN(next_attempt_at) FROM steps WHERE status IN ('retrying', 'waiting') AND next_attempt_at > ?`,
        )
        .pluck(),
    };
  }

  // --- writes: call inside committer.write(() => ...) ---

  insertRun(r: NewRun): void {
    this.s.insertRun.run(valuesOf(RUN_KEYS, r));
  }

  /** The run that holds a dedupe key, if one does. */
  dedupeHolder(flowId: string, key: string): string | null {
    return (this.s.dedupeRun.get(flowId, key) as string | undefined) ?? null;
  }

  /**
   * Gives a dedupe key to a new run, after its row (the key belongs to the run); the caller looked for a
   * holder first in the same write, so the key is free.
   */
  claimDedupe(flowId: string, key: string, runId: string, now: number): void {
    this.s.claimDedupe.run(flowId, key, runId, now);
  }

  upsertStep(r: NewStep): void {
    this.s.upsertStep.run(valuesOf(STEP_KEYS, r));
  }

  deleteStep(runId: string, nodeId: string): void {
    this.s.deleteStep.run(runId, nodeId);
  }

  finishRun(id: string, status: RunRow['status'], error: string | null, response: string | null, at: number): void {
    this.s.finishRun.run({ status, error: m(error), response: m(response), at, id });
  }

  reopenRun(id: string, at: number): void {
    this.s.reopenRun.run(at, id);
  }

  /**
   * A restart found the step due: counts it unless the step was held (not started), then holds it until
   * its run starts it again. Returns the count of restarts during which the step was executing.
   */
  countRestart(runId: string, nodeId: string): number {
    return this.s.countRestart.get(runId, nodeId) as number;
  }

  /** The step is due but its run has not started it: a restart meanwhile does not count against it. */
  holdStep(runId: string, nodeId: string): void {
    this.s.holdStep.run(runId, nodeId);
  }

  /** The step starts now: a restart from here on counts against it. */
  releaseStep(runId: string, nodeId: string): void {
    this.s.releaseStep.run(runId, nodeId);
  }

  setStatus(id: string, status: RunRow['status'], at: number): void {
    this.s.setStatus.run(status, at, id);
  }

  /** Records what an operator did to a run (inside a committer write, with the change itself). */
  addAction(runId: string, at: number, action: RunActionKind, note: string | null, detail: unknown): void {
    this.s.addAction.run(runId, at, action, m(note), detail === undefined ? null : m(JSON.stringify(detail)));
  }

  /** Steps waiting for a retry give up (the run was cancelled). */
  failRetryingSteps(runId: string, error: string, at: number): void {
    this.s.failRetrying.run(m(error), at, runId);
  }

  setResponse(id: string, response: string, at: number): void {
    this.s.setResponse.run(m(response), at, id);
  }

  insertPayload(runId: string, hash: string, data: string): void {
    this.s.insertPayload.run(runId, hash, m(data));
  }

  // --- reads ---

  run(id: string): RunRow | undefined {
    return this.s.run.get(id) as RunRow | undefined;
  }

  runsWithStatus(status: RunRow['status']): RunRow[] {
    return this.s.runsByStatus.all(status) as RunRow[];
  }

  steps(runId: string): StepRow[] {
    return this.s.steps.all(runId) as StepRow[];
  }

  actions(runId: string): RunActionRow[] {
    return this.s.actions.all(runId) as RunActionRow[];
  }

  payload(runId: string, hash: string): string | undefined {
    return this.s.payload.get(runId, hash) as string | undefined;
  }

  dueRetries(now: number, limit = 500): { runId: string; nodeId: string }[] {
    return this.s.dueRetries.all(now, limit) as { runId: string; nodeId: string }[];
  }

  /** The earliest retry due after `now` (steps already due are being dispatched and keep their old time until they settle). */
  nextDueAt(now: number): number | null {
    return (this.s.nextDue.get(now) as number | null) ?? null;
  }
}
