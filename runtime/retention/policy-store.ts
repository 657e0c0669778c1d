import { eq } from 'drizzle-orm';
import type { Db } from '../store/db.ts';
import { flows, retentionPolicies } from '../store/schema.ts';
import {
  DEFAULT_POLICY_ID,
  KEEP_FOREVER,
  type FlowRetention,
  type RetentionPolicy,
  type RetentionRule,
} from '../../shared/retention.ts';

/** The retention_policies table: one row per flow with its own policy, '*' for every other flow. */
export class PolicyStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  rules(): RetentionRule[] {
    return this.db.select().from(retentionPolicies).orderBy(retentionPolicies.flowId).all();
  }

  rule(flowId: string): RetentionRule | null {
    return this.db.select().from(retentionPolicies).where(eq(retentionPolicies.flowId, flowId)).get() ?? null;
  }

  set(flowId: string, p: RetentionPolicy, by: string | null): RetentionRule {
    const row = {
      flowId,
      days: p.days,
      keepSuccessPayloads: p.keepSuccessPayloads,
      updatedAt: this.now(),
      updatedBy: by,
    };
    this.db
      .insert(retentionPolicies)
      .values(row)
      .onConflictDoUpdate({
        target: retentionPolicies.flowId,
        set: { days: row.days, keepSuccessPayloads: row.keepSuccessPayloads, updatedAt: row.updatedAt, updatedBy: by },
      })
      .run();
    return row;
  }

  /** Removes the flow's own policy (for '*': back to keep forever); the removed row, or null when there was none. */
  remove(flowId: string): RetentionRule | null {
    return this.db.delete(retentionPolicies).where(eq(retentionPolicies.flowId, flowId)).returning().get() ?? null;
  }

  /** Every flow with the policy that applies to it, by name. */
  flows(rules = this.rules()): FlowRetention[] {
    const own = new Map(rules.map((r) => [r.flowId, r]));
    const dflt = policyOf(own.get(DEFAULT_POLICY_ID));
    return this.db
      .select({ id: flows.id, name: flows.name })
      .from(flows)
      .orderBy(flows.name)
      .all()
      .map((f) => {
        const r = own.get(f.id);
        return { flowId: f.id, name: f.name, policy: r ? policyOf(r) : dflt, source: r ? 'flow' : 'default' };
      });
  }
}

export function policyOf(r: RetentionPolicy | null | undefined): RetentionPolicy {
  return r ? { days: r.days, keepSuccessPayloads: r.keepSuccessPayloads } : { ...KEEP_FOREVER };
}
