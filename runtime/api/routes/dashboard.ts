import { z } from '@hono/zod-openapi';
import { DASHBOARD_RANGES, dashboardFlowDetailSchema, dashboardOverviewSchema } from '../../../shared/dashboard.ts';
import type { DashboardService } from '../../dashboard/dashboard-service.ts';
import { timeRange } from '../../dashboard/time-range.ts';
import { principalOf } from '../../security/authorize.ts';
import { errorSchema, errors, jsonContent, named, newApi, queryTime } from '../openapi.ts';
import { route } from '../route.ts';

const tags = ['operations'];
const DashboardOverview = named(dashboardOverviewSchema, 'DashboardOverview');
const FlowDashboard = named(dashboardFlowDetailSchema, 'FlowDashboard');
const rangeQuery = z.object({
  range: z.enum(DASHBOARD_RANGES).default('24h').openapi({
    description: 'The time range ending now ("1h", "24h", "7d"), or "custom" with from and to',
  }),
  from: queryTime.optional().openapi({ description: 'Start of a custom range (ms since epoch or ISO 8601)' }),
  to: queryTime.optional().openapi({ description: 'End of a custom range (ms since epoch or ISO 8601)' }),
});
const flowParam = z.object({
  flowId: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'flowId', in: 'path' } }),
});

export interface DashboardRouteDeps {
  dashboard: Pick<DashboardService, 'overview' | 'flow'>;
  now: () => number;
}

/** The operations dashboard; analysts see the flows they created, as with runs. */
export function dashboardRoutes({ dashboard, now }: DashboardRouteDeps) {
  const app = newApi();
  const ownerOf = (p: ReturnType<typeof principalOf>) => (p.role === 'analyst' ? p.id : undefined);

  app.openapi(
    route({
      access: 'analyst',
      method: 'get',
      path: '/dashboard',
      tags,
      operationId: 'getDashboard',
      summary: 'The estate by business process and criticality: runs by end, what runs are doing now, SLA breaches',
      description:
        'Runs finished in the range come from per-minute roll-ups kept as runs finish; retrying, waiting, held by an open circuit, the backlog and the failed-runs queue are as of now. An analyst sees only the flows they created.',
      request: { query: rangeQuery },
      responses: { 200: jsonContent(DashboardOverview, 'The overview'), ...errors(400) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const r = timeRange(q.range, now(), q.from, q.to);
      return c.json(await dashboard.overview(r, ownerOf(principalOf(c))), 200);
    },
  );

  app.openapi(
    route({
      access: 'analyst',
      method: 'get',
      path: '/dashboard/flows/{flowId}',
      tags,
      operationId: 'getFlowDashboard',
      summary: 'One flow over a time range: runs per step (about 120 points), success rate, p50/p95, failures',
      request: { params: flowParam, query: rangeQuery },
      responses: {
        200: jsonContent(FlowDashboard, 'The flow'),
        403: jsonContent(errorSchema, 'An analyst asked for a flow they did not create'),
        ...errors(400, 404),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const r = timeRange(q.range, now(), q.from, q.to);
      return c.json(await dashboard.flow(c.req.valid('param').flowId, r, ownerOf(principalOf(c))), 200);
    },
  );
  return app;
}
