import type { ApprovalRow, ApprovalStore } from '../approval-store.ts';
import { jsonValue, type Sql } from '../sql.ts';

const COLUMNS = `flow_id AS "flowId", version, decision, by_id AS "byId", by_name AS "byName", at, reason`;

const rowOf = (r: ApprovalRow): ApprovalRow => ({ ...r, version: Number(r.version), at: Number(r.at) });

/** Four-eyes decisions and installation settings, in the SQL both dialects speak. */
export class SqlApprovalStore implements ApprovalStore {
  constructor(private readonly sql: Sql) {}

  async get(flowId: string, version: number): Promise<ApprovalRow | undefined> {
    const r = await this.sql.get<ApprovalRow>(
      `SELECT ${COLUMNS} FROM version_approvals WHERE flow_id = ? AND version = ?`,
      [flowId, version],
    );
    return r && rowOf(r);
  }

  async forFlow(flowId: string): Promise<ApprovalRow[]> {
    const rows = await this.sql.all<ApprovalRow>(`SELECT ${COLUMNS} FROM version_approvals WHERE flow_id = ?`, [
      flowId,
    ]);
    return rows.map(rowOf);
  }

  async put(r: ApprovalRow): Promise<void> {
    await this.sql.run(
      `INSERT INTO version_approvals (flow_id, version, decision, by_id, by_name, at, reason)
      VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (flow_id, version) DO UPDATE SET decision = excluded.decision,
      by_id = excluded.by_id, by_name = excluded.by_name, at = excluded.at, reason = excluded.reason`,
      [r.flowId, r.version, r.decision, r.byId, r.byName, r.at, r.reason],
    );
  }

  async setting(key: string): Promise<unknown> {
    const r = await this.sql.get<{ value: unknown }>(`SELECT value FROM installation_settings WHERE key = ?`, [key]);
    return r === undefined ? undefined : jsonValue<unknown>(r.value);
  }

  async putSetting(key: string, value: unknown, at: number, by: string | null): Promise<void> {
    await this.sql.run(
      `INSERT INTO installation_settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,
      updated_by = excluded.updated_by`,
      [key, JSON.stringify(value), at, by],
    );
  }
}
