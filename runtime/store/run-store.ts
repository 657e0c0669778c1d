import type Database from 'better-sqlite3';
import type { Db } from './db.ts';
import { Committer } from './committer.ts';
import { LeaseStore } from './lease-store.ts';
import { secretMasker } from '../security/secret-mask.ts';

/** Connection secrets never reach the store: each text written passes the masker (a no-op while none are known). */
const m = (text: string | null) => secretMasker.mask(text);

export interface RunRow {
  id: string;
  flowId: string;
  version: number | null;
  mode: 'live' | 'test';
  status: string;
  triggerNode: string;
  trigger: string;
  triggerBody: Buffer | null;
  definition: string | null;
  correlationId: string | null;
  dedupeKey: string | null;
  error: string | null;
  response: string | null;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
  /** For a replay: the run it replays (whose idempotency keys it reuses). */
  replayOf?: string | null;
  /** For a sub-flow run: the run and node of the control.call step that started it. */
  parentRunId?: string | null;
  parentNodeId?: string | null;
  /** The worker executing the run (see LeaseStore). */
  owner?: string | null;
}

export type RunActionKind = 'retry' | 'replay' | 'replayed_from' | 'discard' | 'cancel' | 'approve' | 'reject';

export interface RunActionRow {
  at: number;
  action: RunActionKind;
  note: string | null;
  detail: string | null;
}

export interface StepRow {
  runId: string;
  nodeId: string;
  status: 'succeeded' | 'failed' | 'retrying' | 'waiting';
  port: string | null;
  attempts: number;
  input: string | null;
  output: string | null;
  error: string | null;
  attemptErrors: string | null;
  startedAt: number | null;
  finishedAt: number | null;
  nextAttemptAt: number | null;
  /** The Idempotency-Key the last attempt sent downstream, if any. */
  sentKey?: string | null;
}

const RUN_COLUMNS = `id, flow_id AS flowId, version, mode, status, trigger_node AS triggerNode, trigger, trigger_body AS triggerBody, definition,
  correlation_id AS correlationId, dedupe_key AS dedupeKey, error, response, created_at AS createdAt,
  updated_at AS updatedAt, finished_at AS finishedAt, replay_of AS replayOf, parent_run_id AS parentRunId, parent_node_id AS parentNodeId`;
const STEP_COLUMNS = `run_id AS runId, node_id AS nodeId, status, port, attempts, input, output, error,
  attempt_errors AS attemptErrors, started_at AS startedAt, finished_at AS finishedAt, next_attempt_at AS nextAttemptAt, sent_key AS sentKey`;

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
      insertRun:
        sqlite.prepare(`INSERT INTO runs (id, flow_id, version, mode, status, trigger_node, trigger, trigger_body, definition, correlation_id, dedupe_key, error, response, created_at, updated_at, finished_at, replay_of, parent_run_id, parent_node_id, owner)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      claimDedupe: sqlite.prepare(
        `INSERT OR IGNORE INTO trigger_dedupe (flow_id, key, run_id, created_at) VALUES (?, ?, ?, ?)`,
      ),
      dedupeRun: sqlite.prepare(`SELECT run_id AS runId FROM trigger_dedupe WHERE flow_id = ? AND key = ?`).pluck(),
      upsertStep:
        sqlite.prepare(`INSERT INTO steps (run_id, node_id, status, port, attempts, input, output, error, attempt_errors, started_at, finished_at, next_attempt_at, sent_key)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (run_id, node_id) DO UPDATE SET status = excluded.status, port = excluded.port, attempts = excluded.attempts,
          input = excluded.input, output = excluded.output, error = excluded.error, attempt_errors = excluded.attempt_errors,
          started_at = excluded.started_at, finished_at = excluded.finished_at, next_attempt_at = excluded.next_attempt_at, sent_key = excluded.sent_key`),
      deleteStep: sqlite.prepare(`DELETE FROM steps WHERE run_id = ? AND node_id = ?`),
      finishRun: sqlite.prepare(
        `UPDATE runs SET status = ?, error = ?, response = ?, finished_at = ?, updated_at = ? WHERE id = ?`,
      ),
      reopenRun: sqlite.prepare(
        `UPDATE runs SET status = 'running', error = NULL, finished_at = NULL, updated_at = ? WHERE id = ?`,
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
      run: sqlite.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`),
      runsByStatus: sqlite.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE status = ? ORDER BY created_at`),
      steps: sqlite.prepare(`SELECT ${STEP_COLUMNS} FROM steps WHERE run_id = ?`),
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

  insertRun(r: RunRow): void {
    this.s.insertRun.run(
      r.id,
      r.flowId,
      r.version,
      r.mode,
      r.status,
      r.triggerNode,
      m(r.trigger),
      r.triggerBody,
      r.definition,
      r.correlationId,
      r.dedupeKey,
      m(r.error),
      m(r.response),
      r.createdAt,
      r.updatedAt,
      r.finishedAt,
      r.replayOf ?? null,
      r.parentRunId ?? null,
      r.parentNodeId ?? null,
      r.owner ?? null,
    );
  }

  /** Claims a dedupe key for a new run; returns the run that holds it when it was taken before. */
  claimDedupe(flowId: string, key: string, runId: string, now: number): string | null {
    const r = this.s.claimDedupe.run(flowId, key, runId, now);
    return r.changes === 1 ? null : (this.s.dedupeRun.get(flowId, key) as string);
  }

  upsertStep(r: StepRow): void {
    this.s.upsertStep.run(
      r.runId,
      r.nodeId,
      r.status,
      r.port,
      r.attempts,
      m(r.input),
      m(r.output),
      m(r.error),
      m(r.attemptErrors),
      r.startedAt,
      r.finishedAt,
      r.nextAttemptAt,
      m(r.sentKey ?? null),
    );
  }

  deleteStep(runId: string, nodeId: string): void {
    this.s.deleteStep.run(runId, nodeId);
  }

  finishRun(id: string, status: string, error: string | null, response: string | null, at: number): void {
    this.s.finishRun.run(status, m(error), m(response), at, at, id);
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

  setStatus(id: string, status: string, at: number): void {
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

  runsWithStatus(status: string): RunRow[] {
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
