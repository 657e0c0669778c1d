import { index, integer, primaryKey, table, text } from './dialect.ts';

/**
 * Runs of each flow finished in each minute, kept as each live run finishes (in the write that finishes
 * it), for the dashboard: one row per flow, minute, end status and duration bucket (store/duration-buckets.ts).
 */
export const runRollups = table(
  'run_rollups',
  {
    flowId: text('flow_id').notNull(),
    /** The start of the minute the runs finished in (ms since epoch). */
    minute: integer('minute').notNull(),
    status: text('status').notNull(),
    /** Index of the duration bucket (finishedAt − createdAt) the runs fell in. */
    bucket: integer('bucket').notNull(),
    count: integer('count').notNull(),
    /** The runs' durations added up (ms). */
    durationSum: integer('duration_sum').notNull(),
  },
  (t) => [
    primaryKey(t.flowId, t.minute, t.status, t.bucket),
    /** Every column, so the dashboard's reads over a time range read this index alone, not a row per entry. */
    index('run_rollups_minute').on(t.minute, t.flowId, t.status, t.bucket, t.count, t.durationSum),
  ],
);

/** Failed live runs of each flow per minute, by error code and node ('' when the error names none). */
export const runFailureRollups = table(
  'run_failure_rollups',
  {
    flowId: text('flow_id').notNull(),
    minute: integer('minute').notNull(),
    errorCode: text('error_code').notNull(),
    nodeId: text('node_id').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey(t.flowId, t.minute, t.errorCode, t.nodeId)],
);
