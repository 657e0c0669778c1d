import type { ReplayStore } from '../replay-store.ts';
import type { Sql } from '../sql.ts';

/** Accepted webhook signatures, in the SQL both dialects speak. */
export class SqlReplayStore implements ReplayStore {
  constructor(private readonly sql: Sql) {}

  async claim(flowId: string, signature: string, expiresAt: number, now: number): Promise<boolean> {
    // A row whose time is up counts as absent (it may not be pruned yet).
    const r = await this.sql.run(
      `INSERT INTO webhook_signatures (flow_id, signature, expires_at) VALUES (?, ?, ?)
      ON CONFLICT (flow_id, signature) DO UPDATE SET expires_at = excluded.expires_at
      WHERE webhook_signatures.expires_at <= ?`,
      [flowId, signature, expiresAt, now],
    );
    return r.changes > 0;
  }

  async release(flowId: string, signature: string): Promise<void> {
    await this.sql.run(`DELETE FROM webhook_signatures WHERE flow_id = ? AND signature = ?`, [flowId, signature]);
  }

  async prune(now: number): Promise<void> {
    await this.sql.run(`DELETE FROM webhook_signatures WHERE expires_at <= ?`, [now]);
  }
}
