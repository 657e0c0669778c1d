import { z } from 'zod';

/** How much a flow matters to the business, most first. */
export const CRITICALITIES = ['critical', 'high', 'normal', 'low'] as const;
export type Criticality = (typeof CRITICALITIES)[number];
/** The criticality of a flow that names none. */
export const DEFAULT_CRITICALITY: Criticality = 'normal';

/** Longest business key a run keeps (characters). */
export const BUSINESS_KEY_MAX = 200;

/** The business context of a flow: flow settings beside the ones that steer its runs. */
export const businessSettingsShape = {
  businessProcess: z
    .string()
    .min(1)
    .max(80)
    .optional()
    .describe('The business process the flow serves, e.g. "Quote-to-cash"; shown with each of its runs'),
  criticality: z
    .enum(CRITICALITIES)
    .optional()
    .describe('How much the flow matters: "critical", "high", "normal" (the default) or "low"'),
  owner: z.string().min(1).max(80).optional().describe('The team that owns the flow, e.g. "Finance IT"'),
  businessKey: z
    .string()
    .min(1)
    .max(10_000)
    .optional()
    .describe(
      `Expression over the trigger body naming the business object of a run, e.g. "=invoice.number"; evaluated when the run is accepted. A string or number (at most ${BUSINESS_KEY_MAX} characters) becomes the run's business key, searchable across flows; anything else leaves the run without one (the run goes on, and says why)`,
    ),
  sla: z
    .object({
      maxDurationMs: z
        .number()
        .int()
        .min(1)
        .max(366 * 86_400_000)
        .optional()
        .describe('A run should finish within this many milliseconds of its start'),
      freshnessMs: z
        .number()
        .int()
        .min(1000)
        .max(366 * 86_400_000)
        .optional()
        .describe('A run of the flow should succeed at least once every this many milliseconds'),
    })
    .strict()
    .optional()
    .describe('Service levels the flow is held to, in milliseconds'),
};

/** What a run view shows of its flow's business context. */
export interface RunBusiness {
  businessProcess: string | null;
  criticality: Criticality;
}

/** The business context of a flow's settings (the criticality defaults to normal). */
export function businessOf(settings: { businessProcess?: string; criticality?: Criticality } | undefined): RunBusiness {
  return {
    businessProcess: settings?.businessProcess ?? null,
    criticality: settings?.criticality ?? DEFAULT_CRITICALITY,
  };
}
