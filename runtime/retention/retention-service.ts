import type { Store } from '../store/ports.ts';
import type { DatabaseSpace } from '../store/retention-store.ts';
import type { Clock } from '../engine/clock.ts';
import type { Logger } from '../logger.ts';
import type { Actor, AuditLog } from '../security/audit.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import {
  DEFAULT_POLICY_ID,
  type DatabaseSize,
  type PruneResult,
  type RetentionPolicy,
  type RetentionRule,
  type RetentionView,
} from '../../shared/retention.ts';
import { flowPolicies, policyOf } from './policies.ts';
import { RunPruner, type BatchCounts } from './run-pruner.ts';
import { ROLLUP_KEEP_MS } from '../store/rollup-store.ts';

export type { Actor };

export interface RetentionOptions {
  store: Pick<Store, 'write' | 'retention' | 'oneAtATime' | 'rollups'>;
  /** What the database takes on disk, and handing freed space back after a prune. */
  space: DatabaseSpace;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  /** Minutes between background prunes; 0: none. */
  intervalMin: number;
}

/** Retention policies, pruning now or in the background, and what the database takes on disk. */
export class Retention {
  private readonly pruner: RunPruner;
  private last: PruneResult | null = null;
  /** Prunes run one after another. */
  private chain: Promise<unknown> = Promise.resolve();
  private timer: unknown = null;
  private stopped = false;

  constructor(private readonly o: RetentionOptions) {
    this.pruner = new RunPruner(o.store);
  }

  async view(): Promise<RetentionView> {
    const rules = await this.o.store.retention.rules();
    const flows = await this.o.store.retention.flowNames();
    const dflt = rules.find((r) => r.flowId === DEFAULT_POLICY_ID);
    return {
      default: { ...policyOf(dflt), updatedAt: dflt?.updatedAt ?? null, updatedBy: dflt?.updatedBy ?? null },
      rules,
      flows: flowPolicies(flows, rules),
      database: await this.size(),
      lastPrune: await this.lastPrune(),
      intervalMin: this.o.intervalMin,
    };
  }

  size(): Promise<DatabaseSize> {
    return this.o.space.size();
  }

  /** A flow's own policy (or the default's, '*'); null when it has none. */
  rule(flowId: string): Promise<RetentionRule | null> {
    return this.o.store.retention.rule(flowId);
  }

  /** Sets a flow's own policy, or the default ('*'), in one write with its audit entry. */
  setPolicy(flowId: string, policy: RetentionPolicy, actor: Actor | null = null): Promise<RetentionRule> {
    const after: RetentionRule = {
      flowId,
      days: policy.days,
      keepSuccessPayloads: policy.keepSuccessPayloads,
      updatedAt: this.o.clock.now(),
      updatedBy: actor?.name ?? null,
    };
    return this.o.store.write(async (tx) => {
      if (flowId !== DEFAULT_POLICY_ID && !(await tx.flows.exists(flowId)))
        throw new WeftError(ErrorCodes.notFound, `flow "${flowId}" not found`);
      const before = await tx.retention.rule(flowId);
      await tx.retention.set(after);
      await this.o.audit.record({ actor, action: 'retention.policy_changed', target: flowId, before, after }, tx);
      return after;
    });
  }

  /**
   * Removes a flow's own policy (it follows the default again); for '*', the default goes back to keep
   * forever. Audited when there was one to remove, in the same transaction.
   */
  async removePolicy(
    flowId: string,
    actor: Actor | null = null,
  ): Promise<{ flowId: string; removed: boolean; policy: RetentionPolicy }> {
    const before = await this.o.store.write(async (tx) => {
      const before = await tx.retention.remove(flowId);
      if (!before && flowId !== DEFAULT_POLICY_ID && !(await tx.flows.exists(flowId)))
        throw new WeftError(ErrorCodes.notFound, `flow "${flowId}" not found`);
      if (before)
        await this.o.audit.record(
          { actor, action: 'retention.policy_changed', target: flowId, before, after: null },
          tx,
        );
      return before;
    });
    const dflt = policyOf(await this.o.store.retention.rule(DEFAULT_POLICY_ID));
    return { flowId, removed: before !== null, policy: dflt };
  }

  /** Prunes now (after a prune already under way); `actor` null: the background job. */
  prune(actor: Actor | null): Promise<PruneResult> {
    // One prune at a time in this process, and in the whole installation (a cluster's processes take turns).
    const run = this.chain.then(() => this.o.store.oneAtATime('retention', () => this.pruneOnce(actor)));
    this.chain = run.catch(() => {});
    return run;
  }

  /** Starts the background job: a prune every intervalMin minutes on the engine's clock. */
  start(): void {
    if (this.o.intervalMin > 0 && !this.stopped) this.arm();
  }

  /** Stops the background job; a prune under way stops after its current batch. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) this.o.clock.clearTimer(this.timer);
    this.timer = null;
    await this.chain;
  }

  private arm(): void {
    this.timer = this.o.clock.setTimer(() => {
      this.timer = null;
      this.prune(null)
        .catch((err) => this.o.logger.error('retention prune failed', { error: (err as Error).message }))
        .finally(() => !this.stopped && this.arm());
    }, this.o.intervalMin * 60_000);
  }

  private async pruneOnce(actor: Actor | null): Promise<PruneResult> {
    const startedAt = this.o.clock.now();
    const stop = () => this.stopped;
    const rules = await this.o.store.retention.rules();
    const own = rules.filter((r) => r.flowId !== DEFAULT_POLICY_ID);
    const counts: BatchCounts = { deleted: new Map(), dropped: new Map() };
    for (const r of own) await this.pruner.apply({ flowId: r.flowId }, policyOf(r), startedAt, counts, stop);
    await this.pruner.apply(
      'default',
      policyOf(rules.find((r) => r.flowId === DEFAULT_POLICY_ID)),
      startedAt,
      counts,
      stop,
    );
    // The dashboard's roll-ups outlive the runs they count, up to the longest range it shows.
    if (!this.stopped) await this.o.store.write((tx) => tx.rollups.prune(startedAt - ROLLUP_KEEP_MS));
    const complete = !this.stopped;
    const pages = await this.o.space.reclaim(stop);
    const database = await this.size();
    const flowIds = [...new Set([...counts.deleted.keys(), ...counts.dropped.keys()])].sort();
    const result: PruneResult = {
      startedAt,
      finishedAt: this.o.clock.now(),
      by: actor?.name ?? null,
      runsDeleted: sum(counts.deleted),
      payloadsDropped: sum(counts.dropped),
      flows: flowIds.map((flowId) => ({
        flowId,
        runsDeleted: counts.deleted.get(flowId) ?? 0,
        payloadsDropped: counts.dropped.get(flowId) ?? 0,
      })),
      bytesFreed: pages * database.pageSize,
      complete,
      database,
    };
    this.last = result;
    if (result.runsDeleted + result.payloadsDropped > 0) {
      await this.o.audit.record({ actor, action: 'retention.pruned', detail: result });
      this.o.logger.info('retention pruned run data', {
        runsDeleted: result.runsDeleted,
        payloadsDropped: result.payloadsDropped,
        bytesFreed: result.bytesFreed,
        databaseBytes: database.bytes,
      });
    }
    return result;
  }

  /** This process's latest prune; after a restart, the latest one the audit log recorded. */
  private async lastPrune(): Promise<PruneResult | null> {
    if (this.last) return this.last;
    const [entry] = await this.o.audit.list({ action: 'retention.pruned', limit: 1 });
    return (entry?.detail as PruneResult | undefined) ?? null;
  }
}

const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
