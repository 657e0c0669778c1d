import type Database from 'better-sqlite3';
import { WeftError } from '../../shared/errors.ts';
import type { VerifiedSignature } from './webhook-verify.ts';

const PRUNE_EVERY_MS = 60_000;

/**
 * Signed webhook requests already accepted, kept in the database until their timestamp leaves the
 * tolerance window — so a replay is refused after a restart and by every process on the same data.
 */
export class WebhookReplays {
  private readonly claimStmt: Database.Statement;
  private readonly releaseStmt: Database.Statement;
  private readonly pruneStmt: Database.Statement;
  private prunedAt = 0;

  constructor(
    sqlite: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    // A row whose time is up counts as absent (it may not be pruned yet).
    this.claimStmt = sqlite.prepare(`INSERT INTO webhook_signatures (flow_id, signature, expires_at) VALUES (?, ?, ?)
      ON CONFLICT (flow_id, signature) DO UPDATE SET expires_at = excluded.expires_at WHERE webhook_signatures.expires_at <= ?`);
    this.releaseStmt = sqlite.prepare(`DELETE FROM webhook_signatures WHERE flow_id = ? AND signature = ?`);
    this.pruneStmt = sqlite.prepare(`DELETE FROM webhook_signatures WHERE expires_at <= ?`);
  }

  /**
   * Records an accepted signature, or refuses (401) one already accepted for this flow. Returns the
   * release for a request that then started no run (its sender may send it again).
   */
  claim(flowId: string, v: VerifiedSignature): () => void {
    const now = this.now();
    if (now - this.prunedAt >= PRUNE_EVERY_MS) {
      this.prunedAt = now;
      this.pruneStmt.run(now);
    }
    if (this.claimStmt.run(flowId, v.signature, v.expiresAt, now).changes === 0)
      throw new WeftError('unauthenticated', 'this signed request was already accepted: refused as a replay');
    return () => void this.releaseStmt.run(flowId, v.signature);
  }
}
