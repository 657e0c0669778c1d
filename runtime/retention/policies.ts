import {
  DEFAULT_POLICY_ID,
  KEEP_FOREVER,
  type FlowRetention,
  type RetentionPolicy,
  type RetentionRule,
} from '../../shared/retention.ts';

/** The policy a rule sets; keep forever without one. */
export function policyOf(r: RetentionPolicy | null | undefined): RetentionPolicy {
  return r ? { days: r.days, keepSuccessPayloads: r.keepSuccessPayloads } : { ...KEEP_FOREVER };
}

/** Each flow (in the order given) with the policy that applies to it: its own, else the default ('*'). */
export function flowPolicies(
  flows: readonly { id: string; name: string }[],
  rules: readonly RetentionRule[],
): FlowRetention[] {
  const own = new Map(rules.map((r) => [r.flowId, r]));
  const dflt = policyOf(own.get(DEFAULT_POLICY_ID));
  return flows.map((f) => {
    const r = own.get(f.id);
    return { flowId: f.id, name: f.name, policy: r ? policyOf(r) : dflt, source: r ? 'flow' : 'default' };
  });
}
