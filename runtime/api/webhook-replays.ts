import type { Store } from '../store/ports.ts';
import { WeftError } from '../../shared/errors.ts';
import type { VerifiedSignature } from './webhook-verify.ts';

const PRUNE_EVERY_MS = 60_000;

/**
 * Signed webhook requests already accepted, kept in the database until their timestamp leaves the
 * tolerance window — so a replay is refused after a restart and by every process on the same data.
 */
export class WebhookReplays {
  private prunedAt = 0;

  constructor(
    private readonly store: Pick<Store, 'write'>,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Records an accepted signature, or refuses (401) one already accepted for this flow. Returns the
   * release for a request that then started no run (its sender may send it again).
   */
  async claim(flowId: string, v: VerifiedSignature): Promise<() => Promise<void>> {
    const now = this.now();
    const prune = now - this.prunedAt >= PRUNE_EVERY_MS;
    if (prune) this.prunedAt = now;
    const claimed = await this.store.write(async (tx) => {
      if (prune) await tx.replays.prune(now);
      return tx.replays.claim(flowId, v.signature, v.expiresAt, now);
    });
    if (!claimed)
      throw new WeftError('unauthenticated', 'this signed request was already accepted: refused as a replay');
    return () => this.store.write((tx) => tx.replays.release(flowId, v.signature));
  }
}
