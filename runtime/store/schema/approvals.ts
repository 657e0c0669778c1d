import { integer, json, primaryKey, table, text } from './dialect.ts';
import { flows } from './flows.ts';

/**
 * The four-eyes decision on a published version: approved or refused, by whom and when. One row per
 * version, the latest decision; each decision is in the audit log too (flow.version.approved / refused).
 */
export const versionApprovals = table(
  'version_approvals',
  {
    flowId: text('flow_id')
      .notNull()
      .references(() => flows.columns.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    decision: text('decision', { enum: ['approved', 'refused'] }).notNull(),
    /** The deciding principal's id (usr_… or tok_…) and the name it had then. */
    byId: text('by_id').notNull(),
    byName: text('by_name').notNull(),
    at: integer('at').notNull(),
    /** Why it was refused; null for an approval. */
    reason: text('reason'),
  },
  (t) => [primaryKey(t.flowId, t.version)],
);

/** Installation settings that admins change, one JSON value per key (e.g. "four_eyes"). */
export const installationSettings = table('installation_settings', {
  key: text('key').primaryKey(),
  value: json('value').notNull(),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: text('updated_by'),
});
