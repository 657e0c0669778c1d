import { z } from 'zod';
import { CRITICALITIES } from './business.ts';

/** The time ranges the dashboard offers; `custom` takes from and to. */
export const DASHBOARD_RANGES = ['1h', '24h', '7d', 'custom'] as const;
export type DashboardRange = (typeof DASHBOARD_RANGES)[number];

const count = z.number().int();

/** The counts of a flow, a business process or the estate for the dashboard's time range, and now. */
export const dashboardCountsSchema = z.object({
  succeeded: count.describe('Live runs that succeeded in the range'),
  failed: count.describe('Live runs that failed in the range'),
  timedOut: count.describe('Live runs past their flow’s run timeout in the range'),
  cancelled: count.describe('Live runs cancelled in the range'),
  retrying: count.describe('Unfinished live runs with a step waiting for its next attempt, now'),
  waiting: count.describe('Unfinished live runs waiting for an approval, a delay or a sub-flow, now'),
  heldByCircuit: count.describe('Unfinished live runs with a step held by an open circuit, now'),
  backlog: count.describe('Unfinished live runs, now'),
  failedQueue: count.describe('Failed live runs in the failed-runs queue, whenever they failed'),
  slaBreaches: count.describe(
    'Live runs finished in the range that ran longer than their flow’s maxDurationMs, to the duration bucket (about 19%)',
  ),
  silent: count.describe('Active flows that have not succeeded for longer than their freshnessMs'),
});
export type DashboardCounts = z.infer<typeof dashboardCountsSchema>;

export const dashboardFlowSchema = z.object({
  flowId: z.string(),
  name: z.string(),
  owner: z.string().nullable(),
  active: z.boolean(),
  maxDurationMs: z.number().int().nullable(),
  freshnessMs: z.number().int().nullable(),
  lastSuccess: z.number().int().nullable().describe('When its latest succeeded live run finished'),
  counts: dashboardCountsSchema,
});
export type DashboardFlow = z.infer<typeof dashboardFlowSchema>;

export const dashboardGroupSchema = z.object({
  businessProcess: z.string().nullable(),
  criticality: z.enum(CRITICALITIES),
  counts: dashboardCountsSchema,
  flows: z.array(dashboardFlowSchema),
});

const timeRange = z.object({ range: z.enum(DASHBOARD_RANGES), from: z.number().int(), to: z.number().int() });

/** GET /api/dashboard: the estate by business process and criticality. */
export const dashboardOverviewSchema = timeRange.extend({
  now: z.number().int(),
  counts: dashboardCountsSchema,
  groups: z.array(dashboardGroupSchema),
  openCircuits: z.array(
    z.object({
      host: z.string(),
      state: z.string(),
      nextTryAt: z.number().int().nullable(),
      lastError: z.string().nullable(),
    }),
  ),
});
export type DashboardOverview = z.infer<typeof dashboardOverviewSchema>;

/** GET /api/dashboard/flows/:flowId: one flow over time. */
export const dashboardFlowDetailSchema = timeRange.extend({
  now: z.number().int(),
  stepMs: z.number().int().describe('Length of each point of the series'),
  flow: dashboardFlowSchema.extend({ businessProcess: z.string().nullable(), criticality: z.enum(CRITICALITIES) }),
  successRate: z.number().nullable().describe('Succeeded of the runs finished in the range (0…1); null when none did'),
  p50Ms: z.number().int().nullable(),
  p95Ms: z.number().int().nullable(),
  series: z
    .array(z.object({ at: z.number().int(), succeeded: count, failed: count, other: count }))
    .describe('Runs finished per step from `from`, one point per step'),
  failures: z.array(z.object({ errorCode: z.string().nullable(), nodeId: z.string().nullable(), count })),
});
export type DashboardFlowDetail = z.infer<typeof dashboardFlowDetailSchema>;
