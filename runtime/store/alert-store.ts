import type { alertChannels, alertDeliveries, alertIncidents, alertRules } from './schema.ts';

/** A channel as stored; its settings JSON, its secret sealed. */
export type AlertChannelRow = typeof alertChannels.$inferSelect;
export type AlertRuleRow = typeof alertRules.$inferSelect;
export type IncidentRow = typeof alertIncidents.$inferSelect;
export type DeliveryRow = typeof alertDeliveries.$inferSelect;
export type IncidentStatus = IncidentRow['status'];

export interface IncidentQuery {
  status?: IncidentStatus;
  ruleId?: string;
  flowId?: string;
  /** Incidents whose condition was first seen before this (paging, newest first). */
  before?: number;
  limit: number;
}

/** Finished live runs of a flow started since a time, and how many of them failed. */
export interface FlowRunCounts {
  flowId: string;
  finished: number;
  failed: number;
}

/** A live run not finished yet, as the SLA rule reads it. */
export interface UnfinishedRun {
  id: string;
  flowId: string;
  version: number | null;
  status: string;
  createdAt: number;
  businessKey: string | null;
}

/** Run statuses of a run that has not finished: executing, waiting for an approval, undoing its calls. */
export const UNFINISHED_RUN_STATUSES = ['running', 'waiting_approval', 'compensating'] as const;

/** Run statuses that count as a failure for alerts (a discarded run is a failed run set aside). */
export const FAILED_RUN_STATUSES = ['failed', 'timed_out', 'compensated', 'discarded'] as const;

/**
 * Alert rules and channels, incidents, the outbox of notifications, and the counts the rules watch.
 * Writes go through `tx.alerts` inside store.write.
 */
export interface AlertStore {
  channels(): Promise<AlertChannelRow[]>;
  channel(id: string): Promise<AlertChannelRow | undefined>;
  /** Inserts or replaces the channel. */
  putChannel(row: AlertChannelRow): Promise<void>;
  deleteChannel(id: string): Promise<boolean>;
  rules(): Promise<AlertRuleRow[]>;
  rule(id: string): Promise<AlertRuleRow | undefined>;
  putRule(row: AlertRuleRow): Promise<void>;
  deleteRule(id: string): Promise<boolean>;

  /**
   * Inside a write: the pending or open incident of a rule for a key. On PostgreSQL its row is locked until
   * the write ends: two processes changing it at once take turns, and the second sees what the first made
   * of it (a resolved incident is no longer live).
   */
  liveIncident(ruleId: string, groupKey: string): Promise<IncidentRow | undefined>;
  /** Every pending or open incident (of one rule). */
  liveIncidents(ruleId?: string): Promise<IncidentRow[]>;
  /** False when the rule already has a live incident for the key (another process opened it first). */
  insertIncident(row: IncidentRow): Promise<boolean>;
  updateIncident(row: IncidentRow): Promise<void>;
  deleteIncident(id: string): Promise<void>;
  /** Newest first. */
  incidents(q: IncidentQuery): Promise<IncidentRow[]>;
  /** Deletes incidents resolved before `at`, with their deliveries. */
  pruneIncidents(at: number): Promise<number>;

  insertDelivery(row: DeliveryRow): Promise<void>;
  /** The deliveries of these incidents, oldest first. */
  deliveries(incidentIds: readonly string[]): Promise<DeliveryRow[]>;
  /** Pending deliveries due at `now`, earliest first. */
  dueDeliveries(now: number, limit: number): Promise<DeliveryRow[]>;
  /** When the earliest pending delivery is due; null when none is pending. */
  nextDeliveryAt(): Promise<number | null>;
  /**
   * Takes a due delivery for an attempt: counts the attempt and sets its next try to `retryAt` (should the
   * process die sending it). False when it is no longer pending and due (another process took it).
   */
  claimDelivery(id: string, now: number, retryAt: number): Promise<boolean>;
  /** The outcome of an attempt: sent, failed for good, or pending with its next try. */
  settleDelivery(
    id: string,
    outcome: { status: DeliveryRow['status']; at: number; nextAttemptAt: number | null; lastError: string | null },
  ): Promise<void>;
  /** Pending deliveries to a deleted channel give up with `error`. */
  failDeliveriesTo(channelId: string, error: string): Promise<number>;

  /** The active flows: their active version and when it was activated. */
  activeFlows(): Promise<{ flowId: string; version: number; activatedAt: number }[]>;
  /** Finished live runs per flow among those created since `since`; with `flowId`, that flow's only. */
  runCounts(since: number, flowId?: string): Promise<FlowRunCounts[]>;
  /** When the flow's latest succeeded live run finished (null: none has). */
  lastSuccess(flowId: string): Promise<number | null>;
  /**
   * Live runs not finished (UNFINISHED_RUN_STATUSES), created before `before`, oldest first, at most `limit`:
   * read through the status index, never the whole table.
   */
  unfinishedRuns(before: number, limit: number): Promise<UnfinishedRun[]>;
  /**
   * Inside a write: whether live run `id` is still unfinished. On PostgreSQL its row is share-locked until
   * the write ends, so the run cannot finish (and have its end judged) before what the write decides commits.
   */
  holdUnfinished(id: string): Promise<boolean>;
  /** Live runs in the failed-runs queue, or not finished (of one flow). */
  backlog(queue: 'failed' | 'unfinished', flowId?: string): Promise<number>;

  /**
   * Inside a write: true, and `name` marked at `now`, when it was last marked at least `gapMs` ago (or
   * never): the processes of a cluster run a periodic job once per period.
   */
  markIfDue(name: string, now: number, gapMs: number): Promise<boolean>;
}
