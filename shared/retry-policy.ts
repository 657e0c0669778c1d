import { z } from 'zod';

/**
 * How often and how patiently a step is attempted. Delays grow exponentially
 * from `initialDelayMs` by `factor` up to `maxDelayMs`; `jitter` (0..1) is the
 * fraction of each delay that is randomised so retries of many runs spread out.
 */
export const retryPolicySchema = z
  .object({
    maxAttempts: z.number().int().min(1).max(100).optional().describe('Attempts in all, the first included'),
    initialDelayMs: z.number().int().min(0).max(3_600_000).optional().describe('Delay before the second attempt'),
    factor: z.number().min(1).max(10).optional().describe('Growth of the delay per attempt'),
    maxDelayMs: z.number().int().min(0).max(86_400_000).optional().describe('Upper bound of any delay'),
    jitter: z.number().min(0).max(1).optional().describe('Randomised fraction of each delay'),
  })
  .strict()
  .refine((p) => p.maxDelayMs === undefined || p.initialDelayMs === undefined || p.maxDelayMs >= p.initialDelayMs, {
    message: 'maxDelayMs must be at least initialDelayMs',
    path: ['maxDelayMs'],
  });

export type RetryPolicyInput = z.infer<typeof retryPolicySchema>;
export type RetryPolicy = Required<RetryPolicyInput>;

/** Deterministic steps (mapping, validation, control) are not retried unless asked. */
export const NO_RETRY: RetryPolicy = { maxAttempts: 1, initialDelayMs: 0, factor: 1, maxDelayMs: 0, jitter: 0 };

/** Steps that talk to other systems. */
export const IO_RETRY: RetryPolicy = {
  maxAttempts: 5,
  initialDelayMs: 500,
  factor: 2,
  maxDelayMs: 30_000,
  jitter: 0.2,
};

export function resolveRetryPolicy(defaults: RetryPolicy, override?: RetryPolicyInput): RetryPolicy {
  if (!override) return defaults;
  const merged = { ...defaults, ...stripUndefined(override) };
  if (merged.maxDelayMs < merged.initialDelayMs) merged.maxDelayMs = merged.initialDelayMs;
  return merged;
}

/**
 * Delay before attempt `nextAttempt` (2 for the first retry). `random` is
 * injectable so tests are deterministic.
 */
export function backoffDelay(policy: RetryPolicy, nextAttempt: number, random: () => number = Math.random): number {
  const exp = policy.initialDelayMs * policy.factor ** Math.max(0, nextAttempt - 2);
  const capped = Math.min(policy.maxDelayMs, exp);
  const spread = capped * policy.jitter;
  return Math.max(0, Math.round(capped - spread + random() * spread));
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
