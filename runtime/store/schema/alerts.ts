import { sql } from 'drizzle-orm';
import { ALERT_KINDS, CHANNEL_KINDS } from '../../../shared/alerts.ts';
import { boolean, index, integer, json, table, text, uniqueIndex } from './dialect.ts';

/** Where alert notifications go. Secret settings (signing secret, Slack URL, SMTP password) only in `secret`. */
export const alertChannels = table('alert_channels', {
  id: text('id').primaryKey(),
  kind: text('kind', { enum: CHANNEL_KINDS }).notNull(),
  name: text('name').notNull(),
  /** The settings that are not secret. */
  settings: json('settings').notNull(),
  /** AES-256-GCM of the secret settings as JSON (the connections' secret box). */
  secret: text('secret'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: text('updated_by'),
});

/** What is watched, and which channels hear of it. */
export const alertRules = table('alert_rules', {
  id: text('id').primaryKey(),
  kind: text('kind', { enum: ALERT_KINDS }).notNull(),
  name: text('name').notNull(),
  enabled: boolean('enabled').notNull(),
  channelIds: json('channel_ids').notNull(),
  /** While an incident stays open, notify again this often; null: once. */
  repeatMinutes: integer('repeat_minutes'),
  condition: json('condition').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: text('updated_by'),
});

/**
 * A rule's condition holding for one flow, host or queue (`group_key`): one incident from the moment it
 * holds until it clears. `pending` while it has not held long enough to notify (a circuit open for less
 * than the rule's minutes); at most one pending or open incident per rule and key.
 */
export const alertIncidents = table(
  'alert_incidents',
  {
    id: text('id').primaryKey(),
    /** Kept after the rule is deleted, with the name it had. */
    ruleId: text('rule_id').notNull(),
    ruleName: text('rule_name').notNull(),
    kind: text('kind', { enum: ALERT_KINDS }).notNull(),
    groupKey: text('group_key').notNull(),
    status: text('status', { enum: ['pending', 'open', 'resolved'] }).notNull(),
    flowId: text('flow_id'),
    /** When the condition was first seen holding. */
    since: integer('since').notNull(),
    openedAt: integer('opened_at'),
    lastSeenAt: integer('last_seen_at').notNull(),
    resolvedAt: integer('resolved_at'),
    /** When the last notification was queued (opened or repeated). */
    notifiedAt: integer('notified_at'),
    /** Runs (or looks) that found the condition holding. */
    occurrences: integer('occurrences').notNull(),
    /** What the last occurrence was about: run, business key, error, host, numbers (JSON). */
    detail: json('detail').notNull(),
  },
  (t) => [
    uniqueIndex('alert_incidents_live').on(t.ruleId, t.groupKey).where(sql`${t.status} IN ('pending', 'open')`),
    index('alert_incidents_since').on(t.since),
  ],
);

/** The outbox: one notification to one channel, sent and retried durably. */
export const alertDeliveries = table(
  'alert_deliveries',
  {
    id: text('id').primaryKey(),
    incidentId: text('incident_id')
      .notNull()
      .references(() => alertIncidents.columns.id, { onDelete: 'cascade' }),
    channelId: text('channel_id').notNull(),
    event: text('event', { enum: ['opened', 'repeat', 'resolved'] }).notNull(),
    /** The notification (JSON), as built when it was queued. */
    payload: json('payload').notNull(),
    /** `failed`: given up after its last attempt. */
    status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull(),
    nextAttemptAt: integer('next_attempt_at'),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
  },
  (t) => [
    index('alert_deliveries_incident').on(t.incidentId),
    index('alert_deliveries_due').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
  ],
);

/** When a background alert job (the periodic evaluation) last ran, for the processes of a cluster. */
export const alertMarks = table('alert_marks', {
  name: text('name').primaryKey(),
  at: integer('at').notNull(),
});
