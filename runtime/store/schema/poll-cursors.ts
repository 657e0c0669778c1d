import { integer, primaryKey, table, text } from './dialect.ts';
import { flows } from './flows.ts';

/**
 * Where each polling trigger (trigger.poll) has read a system up to: one row per flow and trigger node.
 * `revision` grows by one on every change, so an advance names the revision it read (compare-and-set) and
 * two processes never move the cursor backwards or past records whose runs are not stored.
 */
export const pollCursors = table(
  'poll_cursors',
  {
    flowId: text('flow_id')
      .notNull()
      .references(() => flows.columns.id, { onDelete: 'cascade' }),
    nodeId: text('node_id').notNull(),
    /** The cursor as JSON text, e.g. {"since":"2026-01-01T00:00:00.000Z","afterId":"42"}. */
    cursor: text('cursor').notNull(),
    revision: integer('revision').notNull(),
    updatedAt: integer('updated_at').notNull(),
    /** Who set it by hand (an operator's reset); null when a poll advanced it. */
    updatedBy: text('updated_by'),
  },
  (t) => [primaryKey(t.flowId, t.nodeId)],
);
