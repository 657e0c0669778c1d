import type { RetentionPolicy } from '../../shared/retention.ts';
import type { Store } from '../store/ports.ts';
import type { PruneCursor, PruneScope, PrunedRun } from '../store/retention-store.ts';

/** Runs per write: the write lock is held for one batch, then other writers get their turn. */
export const PRUNE_BATCH = 500;

const DAY_MS = 86_400_000;

export type { PruneScope };

export interface BatchCounts {
  /** Per flow id. */
  deleted: Map<string, number>;
  dropped: Map<string, number>;
}

/**
 * Deletes finished runs past their policy's age and drops the step payloads of succeeded runs, a batch
 * per store write with a turn of the event loop in between. Running and waiting runs (no finished_at)
 * are never touched. Counted once a batch has committed.
 */
export class RunPruner {
  constructor(
    private readonly store: Pick<Store, 'write'>,
    private readonly batch = PRUNE_BATCH,
  ) {}

  /**
   * Applies one policy to its scope at `now`. Stops early (between batches) when `shouldStop` says so.
   */
  async apply(
    scope: PruneScope,
    policy: RetentionPolicy,
    now: number,
    counts: BatchCounts,
    shouldStop: () => boolean,
  ): Promise<void> {
    if (policy.days !== null) {
      const cutoff = now - policy.days * DAY_MS;
      for (let more = true; more && !shouldStop(); await turn()) {
        const runs = await this.store.write((tx) => tx.retention.deleteExpired(scope, cutoff, this.batch));
        add(counts.deleted, runs);
        more = runs.length === this.batch;
      }
    }
    if (!policy.keepSuccessPayloads) {
      let after: PruneCursor = { createdAt: -1, id: '' };
      for (let more = true; more && !shouldStop(); await turn()) {
        const { runs, next } = await this.store.write((tx) => tx.retention.dropPayloads(scope, after, this.batch));
        add(counts.dropped, runs);
        after = next;
        more = runs.length === this.batch;
      }
    }
  }
}

function add(counts: Map<string, number>, runs: readonly PrunedRun[]): void {
  for (const r of runs) counts.set(r.flowId, (counts.get(r.flowId) ?? 0) + 1);
}

const turn = () => new Promise<void>((r) => setImmediate(r));
