import { z } from '@hono/zod-openapi';
import { jsonContent, newApi } from '../openapi.ts';
import { route } from '../route.ts';
import { NOT_READY_RETRY_AFTER_S, type Readiness } from '../readiness.ts';

const ReadinessBody = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    store: z.object({
      dialect: z.enum(['sqlite', 'postgres']),
      synchronous: z
        .string()
        .describe(
          "What a commit survives: SQLite's synchronous (off, normal, full, extra) or PostgreSQL's synchronous_commit (off, local, on, remote_write, remote_apply)",
        ),
    }),
    worker: z.string().describe('The worker id of this process').openapi({ example: 'weft-1:4242:9f3a1c' }),
    draining: z.boolean().describe('The process is shutting down: it finishes what it has and takes nothing new'),
    reason: z
      .object({
        code: z.enum(['shutting_down', 'store_unavailable']),
        message: z.string(),
        store: z
          .object({ code: z.string(), message: z.string() })
          .optional()
          .describe('The SQLite error of the store, e.g. SQLITE_FULL'),
      })
      .optional()
      .describe('Why the process should get no traffic (only when not ready)'),
  })
  .openapi('Readiness');

/**
 * GET /readyz, served at the root beside /healthz (load balancers and orchestrators look there) and
 * described in the API document with a server of its own.
 */
export const readinessRoute = route({
  access: 'public',
  method: 'get',
  path: '/readyz',
  servers: [{ url: '/', description: 'Served at the root of the runtime, beside /healthz' }],
  tags: ['operations'],
  operationId: 'getReadiness',
  summary: 'Whether this process should be sent traffic (for load balancers)',
  description:
    'GET /healthz says the process is alive; /readyz says it can take work: 200 when it can, 503 with the reason while it drains for a shutdown or while its database refuses reads or writes (disk full, I/O error, read-only). It becomes ready again by itself once the database takes writes. Webhooks are refused with 503 and Retry-After for as long as it is not ready.',
  responses: {
    200: jsonContent(ReadinessBody, 'Ready'),
    503: {
      ...jsonContent(ReadinessBody, 'Not ready: `reason` says why'),
      headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait before trying again' } },
    },
  },
});

export function readinessRoutes({ readiness }: { readiness: Pick<Readiness, 'report'> }) {
  const app = newApi();
  app.openapi(readinessRoute, async (c) => {
    const report = await readiness.report();
    if (report.status === 'ready') return c.json(report, 200);
    return c.json(report, 503, { 'retry-after': String(NOT_READY_RETRY_AFTER_S) });
  });
  return app;
}
