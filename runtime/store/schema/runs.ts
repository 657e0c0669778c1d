import { sql } from 'drizzle-orm';
import { RUN_STATUSES } from '../../../shared/run.ts';
import { boolean, bytes, index, integer, primaryKey, table, text } from './dialect.ts';

export const runs = table(
  'runs',
  {
    id: text('id').primaryKey(),
    flowId: text('flow_id').notNull(),
    /** null for test runs of a draft; their definition is kept in `definition`. */
    version: integer('version'),
    mode: text('mode', { enum: ['live', 'test'] }).notNull(),
    status: text('status', { enum: RUN_STATUSES }).notNull(),
    /** The trigger node that started the run, and its event (body, headers, query). */
    triggerNode: text('trigger_node').notNull(),
    trigger: text('trigger').notNull(),
    /** The trigger body exactly as received (JSON bytes), when it was kept apart from `trigger`. */
    triggerBody: bytes('trigger_body'),
    definition: text('definition'),
    correlationId: text('correlation_id'),
    dedupeKey: text('dedupe_key'),
    /** JSON texts (the error, the respond step's answer): the store keeps them as text and its readers parse them. */
    error: text('error'),
    /** The error's code and the node it names, kept beside the error for the failed-runs queue and the run filters. */
    errorCode: text('error_code'),
    errorNodeId: text('error_node_id'),
    response: text('response'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    finishedAt: integer('finished_at'),
    /** For a replay: the run whose trigger event it replays; its connector steps reuse that run's idempotency keys. */
    replayOf: text('replay_of'),
    /** For a run started by a control.call step: that step's run and node. */
    parentRunId: text('parent_run_id'),
    parentNodeId: text('parent_node_id'),
    /** The worker process executing the run; its lease (workers.expires_at) keeps other workers off it. */
    owner: text('owner'),
    /** The run's ordering key (the flow's orderingKey over its trigger event): one unfinished run per key executes at a time. */
    orderKey: text('order_key'),
    /** When the run was let execute under its flow's concurrency limit (counted across every process). */
    admittedAt: integer('admitted_at'),
    /** The business object the run is about (the flow's businessKey over its trigger event), found across flows. */
    businessKey: text('business_key'),
    /** Why the flow's businessKey gave the run no key. */
    businessKeyError: text('business_key_error'),
    /** The OpenTelemetry trace the run belongs to (32 hex digits), when tracing was on as it started. */
    traceId: text('trace_id'),
    /** The id of the run's span in that trace: a run resumed after a restart continues under it. */
    traceSpanId: text('trace_span_id'),
  },
  (t) => [
    /**
     * The run history lists runs newest first, by (created_at, id): each filter it offers has an index that
     * ends in those columns, so a page is read in order and the read stops after it.
     */
    index('runs_flow_created').on(t.flowId, t.createdAt, t.id),
    /** Admission across processes: the unfinished runs of a flow, by ordering key. */
    index('runs_unfinished_key').on(t.flowId, t.orderKey, t.id).where(sql`${t.finishedAt} IS NULL`),
    /**
     * By status, running runs left out (store/parts/status-terms.ts): every run is running for a moment, and
     * those few are found through runs_unfinished_key.
     */
    index('runs_status_created').on(t.status, t.createdAt, t.id).where(sql`${t.status} <> 'running'`),
    index('runs_created').on(t.createdAt, t.id),
    /** Test runs are few beside live ones: only they are indexed by mode, so that live runs do not pay for it. */
    index('runs_test_created').on(t.createdAt, t.id).where(sql`${t.mode} = 'test'`),
    index('runs_flow_status_created').on(t.flowId, t.status, t.createdAt, t.id).where(sql`${t.status} <> 'running'`),
    /**
     * The failed-runs queue: grouped by flow, node and error code, in this order. Status and mode lead,
     * although constant here, so that SQLite prefers it to runs_status_created. The parent run and id
     * close it, so the queue's size per flow (body runs left out) is counted from this index alone.
     */
    index('runs_failed_group')
      .on(t.status, t.mode, t.flowId, t.errorNodeId, t.errorCode, t.createdAt, t.parentRunId, t.id)
      .where(sql`${t.status} = 'failed' AND ${t.mode} = 'live'`),
    index('runs_error_code').on(t.errorCode, t.createdAt, t.id).where(sql`${t.errorCode} IS NOT NULL`),
    index('runs_error_node').on(t.errorNodeId, t.createdAt, t.id).where(sql`${t.errorNodeId} IS NOT NULL`),
    /** Runs by business key, in every flow (GET /api/runs?q=). */
    /** The runs a step started (a loop's item runs), by that step. */
    index('runs_parent').on(t.parentRunId, t.parentNodeId).where(sql`${t.parentRunId} IS NOT NULL`),
    index('runs_business_key').on(t.businessKey, t.createdAt, t.id).where(sql`${t.businessKey} IS NOT NULL`),
  ],
);

/** One row per node execution of a run; written when the step finishes or waits for a retry. */
export const steps = table(
  'steps',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.columns.id, { onDelete: 'cascade' }),
    nodeId: text('node_id').notNull(),
    status: text('status', { enum: ['succeeded', 'failed', 'retrying', 'waiting'] }).notNull(),
    port: text('port'),
    attempts: integer('attempts').notNull(),
    /** null: the input is the output of the node's predecessor(s). */
    input: text('input'),
    output: text('output'),
    /** JSON texts, like the input and output. */
    error: text('error'),
    attemptErrors: text('attempt_errors'),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
    nextAttemptAt: integer('next_attempt_at'),
    /** The Idempotency-Key the last attempt sent downstream, if any. */
    sentKey: text('sent_key'),
  },
  (t) => [
    primaryKey(t.runId, t.nodeId),
    index('steps_due').on(t.nextAttemptAt).where(sql`${t.status} IN ('retrying', 'waiting')`),
  ],
);

/** Step payloads larger than the inline cap, kept once per run. */
export const runPayloads = table(
  'run_payloads',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.columns.id, { onDelete: 'cascade' }),
    hash: text('hash').notNull(),
    data: text('data').notNull(),
  },
  (t) => [primaryKey(t.runId, t.hash)],
);

/** A repeated trigger event with the same key returns the first run. */
export const triggerDedupe = table(
  'trigger_dedupe',
  {
    flowId: text('flow_id').notNull(),
    key: text('key').notNull(),
    runId: text('run_id')
      .notNull()
      .references(() => runs.columns.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey(t.flowId, t.key), index('trigger_dedupe_run').on(t.runId)],
);

/** What operators did to a run: retries (with the edited input), replays, discards and cancellations, with their reasons. */
export const runActions = table(
  'run_actions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    runId: text('run_id')
      .notNull()
      .references(() => runs.columns.id, { onDelete: 'cascade' }),
    at: integer('at').notNull(),
    action: text('action', {
      enum: ['retry', 'replay', 'replayed_from', 'discard', 'cancel', 'approve', 'reject'],
    }).notNull(),
    /** The operator's reason or note. */
    note: text('note'),
    /** Action details as JSON text, e.g. the edited input and the node it replaced, or the replay's run id. */
    detail: text('detail'),
  },
  (t) => [index('run_actions_run').on(t.runId, t.at)],
);

/**
 * How often the process stopped while a step was executing; past a limit the step is failed as a poison
 * input. `held`: the step is due but its run has not started it (waiting for its turn, or the process was
 * stopping); a restart while it is held does not count (see engine/poison.ts).
 */
export const stepRecoveries = table(
  'step_recoveries',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.columns.id, { onDelete: 'cascade' }),
    nodeId: text('node_id').notNull(),
    count: integer('count').notNull(),
    held: boolean('held').notNull().default(false),
  },
  (t) => [primaryKey(t.runId, t.nodeId)],
);

/**
 * Live worker processes and their leases. A worker renews its row while it runs; the runs it owns are
 * reclaimed by another worker once the row expires (or, on the same host, once its process is gone).
 */
export const workers = table('workers', {
  id: text('id').primaryKey(),
  host: text('host').notNull(),
  pid: integer('pid').notNull(),
  startedAt: integer('started_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
});
