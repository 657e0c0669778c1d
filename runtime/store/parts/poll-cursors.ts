import type { PollCursorRow, PollCursorStore } from '../poll-cursor-store.ts';
import type { Sql } from '../sql.ts';

const COLUMNS = `flow_id AS "flowId", node_id AS "nodeId", cursor, revision, updated_at AS "updatedAt", updated_by AS "updatedBy"`;

/** Polling triggers' cursors, in the SQL both dialects speak; every change is a compare-and-set on the revision. */
export class SqlPollCursorStore implements PollCursorStore {
  constructor(private readonly sql: Sql) {}

  async get(flowId: string, nodeId: string): Promise<PollCursorRow | null> {
    const row = await this.sql.get<PollCursorRow>(
      `SELECT ${COLUMNS} FROM poll_cursors WHERE flow_id = ? AND node_id = ?`,
      [flowId, nodeId],
    );
    return row ? { ...row, revision: Number(row.revision), updatedAt: Number(row.updatedAt) } : null;
  }

  async advance(flowId: string, nodeId: string, revision: number, cursor: string, now: number): Promise<boolean> {
    if (revision === 0) {
      const r = await this.sql.run(
        `INSERT INTO poll_cursors (flow_id, node_id, cursor, revision, updated_at, updated_by)
        VALUES (?, ?, ?, 1, ?, NULL) ON CONFLICT (flow_id, node_id) DO NOTHING`,
        [flowId, nodeId, cursor, now],
      );
      return r.changes > 0;
    }
    const r = await this.sql.run(
      `UPDATE poll_cursors SET cursor = ?, revision = revision + 1, updated_at = ?, updated_by = NULL
      WHERE flow_id = ? AND node_id = ? AND revision = ?`,
      [cursor, now, flowId, nodeId, revision],
    );
    return r.changes > 0;
  }

  async set(flowId: string, nodeId: string, cursor: string, now: number, by: string | null): Promise<PollCursorRow> {
    await this.sql.run(
      `INSERT INTO poll_cursors (flow_id, node_id, cursor, revision, updated_at, updated_by)
      VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (flow_id, node_id) DO UPDATE SET cursor = excluded.cursor,
      revision = poll_cursors.revision + 1, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      [flowId, nodeId, cursor, now, by],
    );
    return (await this.get(flowId, nodeId)) as PollCursorRow;
  }

  async remove(flowId: string, nodeId: string): Promise<void> {
    await this.sql.run(`DELETE FROM poll_cursors WHERE flow_id = ? AND node_id = ?`, [flowId, nodeId]);
  }
}
