import type { Db } from '../store/db.ts';
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
import { PolicyStore, policyOf } from './policy-store.ts';
import { RunPruner, type BatchCounts } from './run-pruner.ts';
import { databaseSize, reclaimSpace } from './db-space.ts';

export type { Actor };

export interface RetentionOptions {
  db: Db;
  /** The database file (for its size on disk), or ':memory:'. */
  file: string;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  /** Minutes between background prunes; 0: none. */
  intervalMin: number;
  flowExists: (flowId: string) => boolean;
}

/** Retention policies, pruning now or in the background, and what the database takes on disk. */
export class Retention {
  readonly policies: PolicyStore;
  private readonly pruner: RunPruner;
  private last: PruneResult | null = null;
  /** Prunes run one after another. */
  private chain: Promise<unknown> = Promise.resolve();
  private timer: unknown = null;
  private stopped = false;

  constructor(private readonly o: RetentionOptions) {
    this.policies = new PolicyStore(o.db, () => o.clock.now());
    this.pruner = new RunPruner(o.db.$client);
  }

  view(): RetentionView {
    const rules = this.policies.rules();
    const dflt = rules.find((r) => r.flowId === DEFAULT_POLICY_ID);
    return {
      default: { ...policyOf(dflt), updatedAt: dflt?.updatedAt ?? null, updatedBy: dflt?.updatedBy ?? null },
      rules,
      flows: this.policies.flows(rules),
      database: this.size(),
      lastPrune: this.lastPrune(),
      intervalMin: this.o.intervalMin,
    };
  }

  size(): DatabaseSize {
    return databaseSize(this.o.db.$client, this.o.file);
  }

  /** Sets a flow's own policy, or the default ('*'), in one transaction with its audit entry. */
  setPolicy(flowId: string, policy: RetentionPolicy, actor: Actor | null = null): RetentionRule {
    return this.write(() => {
      if (flowId !== DEFAULT_POLICY_ID && !this.o.flowExists(flowId))
        throw new WeftError(ErrorCodes.notFound, `flow "${flowId}" not found`);
      const before = this.policies.rule(flowId);
      const after = this.policies.set(flowId, policy, actor?.name ?? null);
      this.o.audit.record({ actor, action: 'retention.policy_changed', target: flowId, before, after });
      return after;
    });
  }

  /**
   * Removes a flow's own policy (it follows the default again); for '*', the default goes back to keep
   * forever. Audited when there was one to remove, in the same transaction.
   */
  removePolicy(
    flowId: string,
    actor: Actor | null = null,
  ): { flowId: string; removed: boolean; policy: RetentionPolicy } {
    const before = this.write(() => {
      const before = this.policies.remove(flowId);
      if (!before && flowId !== DEFAULT_POLICY_ID && !this.o.flowExists(flowId))
        throw new WeftError(ErrorCodes.notFound, `flow "${flowId}" not found`);
      if (before)
        this.o.audit.record({ actor, action: 'retention.policy_changed', target: flowId, before, after: null });
      return before;
    });
    const dflt = policyOf(this.policies.rule(DEFAULT_POLICY_ID));
    return { flowId, removed: before !== null, policy: dflt };
  }

  /** Prunes now (after a prune already under way); `actor` null: the background job. */
  prune(actor: Actor | null): Promise<PruneResult> {
    const run = this.chain.then(() => this.pruneOnce(actor));
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
    const rules = this.policies.rules();
    const own = rules.filter((r) => r.flowId !== DEFAULT_POLICY_ID);
    const counts: BatchCounts = { deleted: new Map(), dropped: new Map() };
    for (const r of own) await this.pruner.apply({ flowId: r.flowId }, policyOf(r), startedAt, counts, stop);
    await this.pruner.apply(
      { except: own.map((r) => r.flowId) },
      policyOf(rules.find((r) => r.flowId === DEFAULT_POLICY_ID)),
      startedAt,
      counts,
      stop,
    );
    const complete = !this.stopped;
    const pages = await reclaimSpace(this.o.db.$client, stop);
    const database = this.size();
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
      this.o.audit.record({ actor, action: 'retention.pruned', detail: result });
      this.o.logger.info('retention pruned run data', {
        runsDeleted: result.runsDeleted,
        payloadsDropped: result.payloadsDropped,
        bytesFreed: result.bytesFreed,
        databaseBytes: database.bytes,
      });
    }
    return result;
  }

  private write<T>(fn: () => T): T {
    return this.o.db.transaction(() => fn(), { behavior: 'immediate' });
  }

  /** This process's latest prune; after a restart, the latest one the audit log recorded. */
  private lastPrune(): PruneResult | null {
    if (this.last) return this.last;
    const entry = this.o.audit.list({ action: 'retention.pruned', limit: 1 })[0];
    return (entry?.detail as PruneResult | undefined) ?? null;
  }
}

const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
