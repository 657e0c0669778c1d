import type { FlowDefinition } from '../../../shared/flow.ts';
import type { FlowSummary } from '../../../shared/flow-summary.ts';
import type { RunStatus } from '../../../shared/run.ts';
import { flows, flowVersions } from '../schema.ts';
import { columnKeys, insertSql, selectList } from '../columns.ts';
import type { DraftChange, FlowRow, FlowStore, VersionRow } from '../flow-store.ts';
import { jsonValue, type Sql } from '../sql.ts';
import { notBodyRun } from './body-runs.ts';

const FLOW_KEYS = columnKeys(flows);
const FLOW_COLUMNS = selectList(flows);
const INSERT_FLOW = `${insertSql(flows)} ON CONFLICT (id) DO NOTHING`;
const VERSION_KEYS = columnKeys(flowVersions);
const VERSION_COLUMNS = selectList(flowVersions, { blank: ['definition'] });
const INSERT_VERSION = `${insertSql(flowVersions)} ON CONFLICT (flow_id, version) DO NOTHING`;

/**
 * The flow list in one query: the last live run is joined by its id, found by the newest created_at
 * (the runs_flow_created index), and the failures are counted per flow.
 */
const LIST = `SELECT f.id AS "id", f.name AS "name", f.revision AS "revision", f.updated_at AS "updatedAt",
  a.version AS "activeVersion",
  (SELECT MAX(v.version) FROM flow_versions v WHERE v.flow_id = f.id) AS "latestVersion",
  (SELECT COUNT(*) FROM runs r WHERE r.flow_id = f.id AND r.status = 'failed' AND r.mode = 'live' AND r.created_at >= ?
    AND ${notBodyRun('r.')}) AS "failures",
  l.id AS "lastRunId", l.status AS "lastRunStatus", l.created_at AS "lastRunCreatedAt"
FROM flows f
LEFT JOIN activations a ON a.flow_id = f.id
LEFT JOIN runs l ON l.id = (SELECT r.id FROM runs r WHERE r.flow_id = f.id AND r.mode = 'live' ORDER BY r.created_at DESC LIMIT 1)
ORDER BY f.name, f.id`;

interface ListRow {
  id: string;
  name: string;
  revision: number;
  updatedAt: number;
  activeVersion: number | null;
  latestVersion: number | string | null;
  failures: number | string;
  lastRunId: string | null;
  lastRunStatus: RunStatus | null;
  lastRunCreatedAt: number | null;
}

type StoredFlow = Omit<FlowRow, 'definition'> & { definition: unknown };

const flowOf = (r: StoredFlow): FlowRow => ({ ...r, definition: jsonValue<FlowDefinition>(r.definition) });
const versionOf = ({ definition: _, ...r }: VersionRow & { definition?: unknown }): VersionRow => ({
  ...r,
  specVersions: r.specVersions === undefined ? null : jsonValue<VersionRow['specVersions']>(r.specVersions),
  tests: r.tests === undefined || r.tests === null ? null : jsonValue<VersionRow['tests']>(r.tests),
});
const orNull = (v: number | string | null) => (v === null ? null : Number(v));

/** Drafts, versions and activations, in the SQL both dialects speak; definitions are stored as JSON text. */
export class SqlFlowStore implements FlowStore {
  constructor(private readonly sql: Sql) {}

  async get(id: string): Promise<FlowRow | undefined> {
    const r = await this.sql.get<StoredFlow>(`SELECT ${FLOW_COLUMNS} FROM flows WHERE id = ?`, [id]);
    return r && flowOf(r);
  }

  async exists(id: string): Promise<boolean> {
    return (await this.sql.get(`SELECT 1 AS "one" FROM flows WHERE id = ?`, [id])) !== undefined;
  }

  async ownerOf(id: string): Promise<string | null> {
    const r = await this.sql.get<{ by: string | null }>(`SELECT created_by AS "by" FROM flows WHERE id = ?`, [id]);
    return r?.by ?? null;
  }

  async list(since: number): Promise<FlowSummary[]> {
    return (await this.sql.all<ListRow>(LIST, [since])).map((r) => ({
      id: r.id,
      name: r.name,
      revision: r.revision,
      updatedAt: r.updatedAt,
      latestVersion: orNull(r.latestVersion),
      activeVersion: r.activeVersion ?? null,
      lastRun:
        r.lastRunId === null
          ? null
          : { id: r.lastRunId, status: r.lastRunStatus!, createdAt: Number(r.lastRunCreatedAt) },
      failuresLast24h: Number(r.failures),
    }));
  }

  async insert(row: FlowRow): Promise<boolean> {
    const values = FLOW_KEYS.map((k) => (k === 'definition' ? JSON.stringify(row.definition) : row[k]));
    return (await this.sql.run(INSERT_FLOW, values)).changes === 1;
  }

  async updateDraft(id: string, revision: number, c: DraftChange): Promise<boolean> {
    const r = await this.sql.run(
      `UPDATE flows SET name = ?, definition = ?, revision = ?, updated_at = ? WHERE id = ? AND revision = ?`,
      [c.name, JSON.stringify(c.definition), revision + 1, c.updatedAt, id, revision],
    );
    return r.changes === 1;
  }

  async versions(flowId: string): Promise<VersionRow[]> {
    const rows = await this.sql.all<VersionRow>(
      `SELECT ${VERSION_COLUMNS} FROM flow_versions WHERE flow_id = ? ORDER BY version DESC`,
      [flowId],
    );
    return rows.map(versionOf);
  }

  async latestVersion(flowId: string): Promise<VersionRow | undefined> {
    const r = await this.sql.get<VersionRow>(
      `SELECT ${VERSION_COLUMNS} FROM flow_versions WHERE flow_id = ? ORDER BY version DESC LIMIT 1`,
      [flowId],
    );
    return r && versionOf(r);
  }

  async version(flowId: string, version: number): Promise<FlowDefinition | undefined> {
    const r = await this.sql.get<{ definition: unknown }>(
      `SELECT definition AS "definition" FROM flow_versions WHERE flow_id = ? AND version = ?`,
      [flowId, version],
    );
    return r && jsonValue<FlowDefinition>(r.definition);
  }

  async insertVersion(row: VersionRow & { definition: FlowDefinition }): Promise<boolean> {
    const values = VERSION_KEYS.map((k) =>
      k === 'definition' || k === 'specVersions' || k === 'tests' ? JSON.stringify(row[k] ?? null) : row[k],
    );
    return (await this.sql.run(INSERT_VERSION, values)).changes === 1;
  }

  async activeVersion(flowId: string): Promise<number | null> {
    const r = await this.sql.get<{ v: number }>(`SELECT version AS "v" FROM activations WHERE flow_id = ?`, [flowId]);
    return r?.v ?? null;
  }

  async activations(): Promise<{ flowId: string; version: number }[]> {
    return this.sql.all(`SELECT flow_id AS "flowId", version AS "version" FROM activations ORDER BY flow_id`);
  }

  async activate(flowId: string, version: number, at: number): Promise<void> {
    await this.sql.run(
      `INSERT INTO activations (flow_id, version, activated_at) VALUES (?, ?, ?)
       ON CONFLICT (flow_id) DO UPDATE SET version = excluded.version, activated_at = excluded.activated_at`,
      [flowId, version, at],
    );
  }

  async deactivate(flowId: string): Promise<boolean> {
    return (await this.sql.run(`DELETE FROM activations WHERE flow_id = ?`, [flowId])).changes > 0;
  }

  async unfinishedRuns(flowId: string): Promise<number> {
    const r = await this.sql.get<{ n: number | string }>(
      `SELECT COUNT(*) AS "n" FROM runs r WHERE r.flow_id = ?
       AND (r.finished_at IS NULL OR EXISTS (SELECT 1 FROM runs p WHERE p.id = r.parent_run_id AND p.finished_at IS NULL))`,
      [flowId],
    );
    return Number(r?.n ?? 0);
  }

  async deleteWithRuns(flowId: string): Promise<void> {
    // A run's steps, payloads, actions, recoveries and dedupe key go with it, and versions with their
    // flow (ON DELETE CASCADE).
    await this.sql.run(`DELETE FROM webhook_signatures WHERE flow_id = ?`, [flowId]);
    await this.sql.run(`DELETE FROM runs WHERE flow_id = ?`, [flowId]);
    await this.sql.run(`DELETE FROM run_rollups WHERE flow_id = ?`, [flowId]);
    await this.sql.run(`DELETE FROM run_failure_rollups WHERE flow_id = ?`, [flowId]);
    await this.sql.run(`DELETE FROM retention_policies WHERE flow_id = ?`, [flowId]);
    await this.sql.run(`DELETE FROM flows WHERE id = ?`, [flowId]);
  }
}
