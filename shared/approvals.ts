import { z } from 'zod';
import { CRITICALITIES } from './business.ts';

/**
 * Four-eyes activation: which flows need a published version approved by a user other than its
 * publisher before it can be activated. "off" (the default), "all" flows, or flows whose criticality
 * is `criticality` or above.
 */
export const fourEyesPolicySchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('off') }).strict(),
  z.object({ mode: z.literal('all') }).strict(),
  z
    .object({
      mode: z.literal('criticality'),
      criticality: z.enum(CRITICALITIES).describe('Flows of this criticality or above need approval'),
    })
    .strict(),
]);
export type FourEyesPolicy = z.infer<typeof fourEyesPolicySchema>;

export const FOUR_EYES_OFF: FourEyesPolicy = { mode: 'off' };

/** A version's approval as the versions list shows it. */
export const approvalStateSchema = z.object({
  state: z
    .enum(['not_required', 'pending', 'approved', 'refused'])
    .describe('not_required: the policy does not cover the flow; pending: nobody approved it yet'),
  by: z.string().nullable().describe('Who approved or refused it (user email or token name)'),
  at: z.number().int().nullable(),
  reason: z.string().nullable().describe('Why it was refused'),
  publishedBy: z.string().nullable(),
});
export type ApprovalState = z.infer<typeof approvalStateSchema>;

/** Longest refusal reason (characters). */
export const REFUSAL_REASON_MAX = 1000;
