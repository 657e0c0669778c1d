import { getTableColumns, type Table } from 'drizzle-orm';
import { alertChannels, alertDeliveries, alertIncidents, alertRules } from '../schema.ts';
import { columnKeys, insertSql, selectList } from '../columns.ts';
import {
  FAILED_RUN_STATUSES,
  type AlertChannelRow,
  type AlertRuleRow,
  type AlertStore,
  type DeliveryRow,
  type FlowRunCounts,
  type IncidentQuery,
  type IncidentRow,
  UNFINISHED_RUN_STATUSES,
  type UnfinishedRun,
} from '../alert-store.ts';
import { boolValue, jsonValue, type Sql } from '../sql.ts';
import { notBodyRun } from './body-runs.ts';
import { runsWithStatuses } from './status-terms.ts';

/** The statement texts and value order of a table, its JSON columns written as text. */
function shape<T extends Table>(table: T, jsonKeys: readonly string[]) {
  const keys = columnKeys(table);
  return {
    columns: selectList(table),
    upsert: insertSql(table, ['id']),
    insert: insertSql(table),
    values: (row: Record<string, unknown>) => keys.map((k) => (jsonKeys.includes(k) ? JSON.stringify(row[k]) : row[k])),
  };
}

const CHANNELS = shape(alertChannels, ['settings']);
const RULES = shape(alertRules, ['channelIds', 'condition']);
const INCIDENTS = shape(alertIncidents, ['detail']);
const DELIVERIES = shape(alertDeliveries, ['payload']);
const INCIDENT_UPDATE = `UPDATE alert_incidents SET ${Object.values(getTableColumns(alertIncidents))
  .filter((c) => c.name !== 'id')
  .map((c) => `"${c.name}" = ?`)
  .join(', ')} WHERE id = ?`;
const LIVE = `status IN ('pending', 'open')`;
const FAILED_IN = FAILED_RUN_STATUSES.map((s) => `'${s}'`).join(', ');
/**
 * Live runs not finished, oldest first, through runs_status_created: few runs are unfinished at a time, so
 * the statuses narrow it most (SQLite, without statistics, is told so; it would take runs_mode_created).
 */
export const unfinishedRunsSql = (dialect: Sql['dialect']) => `SELECT id, flow_id AS "flowId", version, status,
  created_at AS "createdAt", business_key AS "businessKey"
  FROM ${runsWithStatuses(UNFINISHED_RUN_STATUSES, 'id, flow_id, version, status, created_at, business_key, mode', dialect)} r
  WHERE created_at < ? AND mode = 'live'
  ORDER BY created_at, id LIMIT ?`;

const channelOf = (r: AlertChannelRow): AlertChannelRow => ({ ...r, settings: jsonValue(r.settings) });
const ruleOf = (r: AlertRuleRow): AlertRuleRow => ({
  ...r,
  enabled: boolValue(r.enabled),
  channelIds: jsonValue(r.channelIds),
  condition: jsonValue(r.condition),
});
const incidentOf = (r: IncidentRow): IncidentRow => ({ ...r, detail: jsonValue(r.detail) });
const deliveryOf = (r: DeliveryRow): DeliveryRow => ({ ...r, payload: jsonValue(r.payload) });
const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** Alert rules, channels, incidents and deliveries, in the SQL both dialects speak. */
export class SqlAlertStore implements AlertStore {
  constructor(private readonly sql: Sql) {}

  async channels(): Promise<AlertChannelRow[]> {
    const rows = await this.sql.all<AlertChannelRow>(
      `SELECT ${CHANNELS.columns} FROM alert_channels ORDER BY name, id`,
    );
    return rows.map(channelOf);
  }

  async channel(id: string): Promise<AlertChannelRow | undefined> {
    const r = await this.sql.get<AlertChannelRow>(`SELECT ${CHANNELS.columns} FROM alert_channels WHERE id = ?`, [id]);
    return r && channelOf(r);
  }

  async putChannel(row: AlertChannelRow): Promise<void> {
    await this.sql.run(CHANNELS.upsert, CHANNELS.values(row));
  }

  async deleteChannel(id: string): Promise<boolean> {
    return (await this.sql.run(`DELETE FROM alert_channels WHERE id = ?`, [id])).changes > 0;
  }

  async rules(): Promise<AlertRuleRow[]> {
    return (await this.sql.all<AlertRuleRow>(`SELECT ${RULES.columns} FROM alert_rules ORDER BY name, id`)).map(ruleOf);
  }

  async rule(id: string): Promise<AlertRuleRow | undefined> {
    const r = await this.sql.get<AlertRuleRow>(`SELECT ${RULES.columns} FROM alert_rules WHERE id = ?`, [id]);
    return r && ruleOf(r);
  }

  async putRule(row: AlertRuleRow): Promise<void> {
    await this.sql.run(RULES.upsert, RULES.values(row));
  }

  async deleteRule(id: string): Promise<boolean> {
    return (await this.sql.run(`DELETE FROM alert_rules WHERE id = ?`, [id])).changes > 0;
  }

  async liveIncident(ruleId: string, groupKey: string): Promise<IncidentRow | undefined> {
    const lock = this.sql.dialect === 'postgres' ? ' FOR UPDATE' : '';
    const r = await this.sql.get<IncidentRow>(
      `SELECT ${INCIDENTS.columns} FROM alert_incidents WHERE rule_id = ? AND group_key = ? AND ${LIVE}${lock}`,
      [ruleId, groupKey],
    );
    return r && incidentOf(r);
  }

  async liveIncidents(ruleId?: string): Promise<IncidentRow[]> {
    const where = ruleId === undefined ? '' : ' AND rule_id = ?';
    const rows = await this.sql.all<IncidentRow>(
      `SELECT ${INCIDENTS.columns} FROM alert_incidents WHERE ${LIVE}${where} ORDER BY since, id`,
      ruleId === undefined ? [] : [ruleId],
    );
    return rows.map(incidentOf);
  }

  async insertIncident(row: IncidentRow): Promise<boolean> {
    const text = `${INCIDENTS.insert} ON CONFLICT (rule_id, group_key) WHERE ${LIVE} DO NOTHING`;
    return (await this.sql.run(text, INCIDENTS.values(row))).changes > 0;
  }

  async updateIncident(row: IncidentRow): Promise<void> {
    const [id, ...rest] = INCIDENTS.values(row);
    await this.sql.run(INCIDENT_UPDATE, [...rest, id]);
  }

  async deleteIncident(id: string): Promise<void> {
    await this.sql.run(`DELETE FROM alert_incidents WHERE id = ?`, [id]);
  }

  async incidents(q: IncidentQuery): Promise<IncidentRow[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.status) where.push('status = ?'), args.push(q.status);
    if (q.ruleId) where.push('rule_id = ?'), args.push(q.ruleId);
    if (q.flowId) where.push('flow_id = ?'), args.push(q.flowId);
    if (q.before !== undefined) where.push('since < ?'), args.push(q.before);
    const rows = await this.sql.all<IncidentRow>(
      `SELECT ${INCIDENTS.columns} FROM alert_incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY since DESC, id DESC LIMIT ?`,
      [...args, q.limit],
    );
    return rows.map(incidentOf);
  }

  async pruneIncidents(at: number): Promise<number> {
    const r = await this.sql.run(`DELETE FROM alert_incidents WHERE status = 'resolved' AND resolved_at < ?`, [at]);
    return r.changes;
  }

  async insertDelivery(row: DeliveryRow): Promise<void> {
    await this.sql.run(DELIVERIES.insert, DELIVERIES.values(row));
  }

  async deliveries(incidentIds: readonly string[]): Promise<DeliveryRow[]> {
    if (incidentIds.length === 0) return [];
    const rows = await this.sql.all<DeliveryRow>(
      `SELECT ${DELIVERIES.columns} FROM alert_deliveries WHERE incident_id IN (${placeholders(incidentIds.length)})
      ORDER BY created_at, id`,
      incidentIds,
    );
    return rows.map(deliveryOf);
  }

  async dueDeliveries(now: number, limit: number): Promise<DeliveryRow[]> {
    const rows = await this.sql.all<DeliveryRow>(
      `SELECT ${DELIVERIES.columns} FROM alert_deliveries WHERE status = 'pending' AND next_attempt_at <= ?
      ORDER BY next_attempt_at, id LIMIT ?`,
      [now, limit],
    );
    return rows.map(deliveryOf);
  }

  async nextDeliveryAt(): Promise<number | null> {
    const r = await this.sql.get<{ at: number | null }>(
      `SELECT MIN(next_attempt_at) AS at FROM alert_deliveries WHERE status = 'pending'`,
    );
    return r?.at === null || r?.at === undefined ? null : Number(r.at);
  }

  async claimDelivery(id: string, now: number, retryAt: number): Promise<boolean> {
    const r = await this.sql.run(
      `UPDATE alert_deliveries SET attempts = attempts + 1, next_attempt_at = ?
      WHERE id = ? AND status = 'pending' AND next_attempt_at <= ?`,
      [retryAt, id, now],
    );
    return r.changes > 0;
  }

  async settleDelivery(
    id: string,
    o: { status: DeliveryRow['status']; at: number; nextAttemptAt: number | null; lastError: string | null },
  ): Promise<void> {
    await this.sql.run(
      `UPDATE alert_deliveries SET status = ?, next_attempt_at = ?, last_error = ?,
        sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END WHERE id = ?`,
      [o.status, o.nextAttemptAt, o.lastError, o.status, o.at, id],
    );
  }

  async failDeliveriesTo(channelId: string, error: string): Promise<number> {
    const r = await this.sql.run(
      `UPDATE alert_deliveries SET status = 'failed', next_attempt_at = NULL, last_error = ?
      WHERE channel_id = ? AND status = 'pending'`,
      [error, channelId],
    );
    return r.changes;
  }

  async activeFlows(): Promise<{ flowId: string; version: number; activatedAt: number }[]> {
    const rows = await this.sql.all<{ flowId: string; version: unknown; activatedAt: unknown }>(
      `SELECT flow_id AS "flowId", version, activated_at AS "activatedAt" FROM activations ORDER BY flow_id`,
    );
    return rows.map((r) => ({ flowId: r.flowId, version: Number(r.version), activatedAt: Number(r.activatedAt) }));
  }

  async runCounts(since: number, flowId?: string): Promise<FlowRunCounts[]> {
    const rows = await this.sql.all<{ flowId: string; finished: unknown; failed: unknown }>(
      `SELECT flow_id AS "flowId", COUNT(*) AS finished,
        SUM(CASE WHEN status IN (${FAILED_IN}) THEN 1 ELSE 0 END) AS failed
      FROM runs WHERE created_at >= ? AND mode = 'live' AND finished_at IS NOT NULL AND status <> 'cancelled'
      ${flowId === undefined ? '' : 'AND flow_id = ?'} GROUP BY flow_id ORDER BY flow_id`,
      flowId === undefined ? [since] : [since, flowId],
    );
    return rows.map((r) => ({ flowId: r.flowId, finished: Number(r.finished), failed: Number(r.failed ?? 0) }));
  }

  async lastSuccess(flowId: string): Promise<number | null> {
    const r = await this.sql.get<{ at: unknown }>(
      `SELECT finished_at AS at FROM runs WHERE flow_id = ? AND mode = 'live' AND status = 'succeeded'
      ORDER BY created_at DESC LIMIT 1`,
      [flowId],
    );
    return r?.at === undefined || r.at === null ? null : Number(r.at);
  }

  async unfinishedRuns(before: number, limit: number): Promise<UnfinishedRun[]> {
    const rows = await this.sql.all<UnfinishedRun>(unfinishedRunsSql(this.sql.dialect), [before, limit]);
    return rows.map((r) => ({
      ...r,
      version: r.version === null ? null : Number(r.version),
      createdAt: Number(r.createdAt),
    }));
  }

  async holdUnfinished(id: string): Promise<boolean> {
    const lock = this.sql.dialect === 'postgres' ? ' FOR SHARE' : '';
    const r = await this.sql.get<{ status: string }>(`SELECT status FROM runs WHERE id = ? AND mode = 'live'${lock}`, [
      id,
    ]);
    return r !== undefined && (UNFINISHED_RUN_STATUSES as readonly string[]).includes(r.status);
  }

  async backlog(queue: 'failed' | 'unfinished', flowId?: string): Promise<number> {
    const which = queue === 'failed' ? `status = 'failed'` : 'finished_at IS NULL';
    const r = await this.sql.get<{ n: unknown }>(
      `SELECT COUNT(*) AS n FROM runs WHERE ${which} AND mode = 'live' AND ${notBodyRun()}${flowId === undefined ? '' : ' AND flow_id = ?'}`,
      flowId === undefined ? [] : [flowId],
    );
    return Number(r?.n ?? 0);
  }

  async markIfDue(name: string, now: number, gapMs: number): Promise<boolean> {
    const r = await this.sql.run(
      `INSERT INTO alert_marks (name, at) VALUES (?, ?)
      ON CONFLICT (name) DO UPDATE SET at = excluded.at WHERE alert_marks.at <= ?`,
      [name, now, now - gapMs],
    );
    return r.changes > 0;
  }
}
