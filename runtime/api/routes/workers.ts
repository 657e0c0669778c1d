import { z } from '@hono/zod-openapi';
import type { Engine } from '../../engine/engine.ts';
import { newApi, jsonContent } from '../openapi.ts';
import { route } from '../route.ts';

const workersBody = z
  .object({
    leaseMs: z.number().int().describe('How long a lease lasts without renewal'),
    workers: z.array(
      z.object({
        id: z.string().openapi({ example: 'weft-1:4242:9f3a1c' }),
        host: z.string(),
        pid: z.number().int(),
        startedAt: z.number().int(),
        expiresAt: z.number().int().describe('The lease runs out then unless renewed (ms since epoch)'),
        self: z.boolean().describe('The worker that answered this request'),
        runs: z.number().int().describe('Runs it is executing (running or compensating)'),
      }),
    ),
  })
  .openapi('Workers');

export function workerRoutes({ engine, leaseMs }: { engine: Pick<Engine, 'workers'>; leaseMs: number }) {
  const app = newApi();
  app.openapi(
    route({
      access: 'operator',
      method: 'get',
      path: '/workers',
      tags: ['operations'],
      operationId: 'listWorkers',
      summary: 'Worker processes sharing this database and their leases',
      description:
        'Each worker renews its lease every third of the lease period. The runs of a worker whose lease ran out — or whose process is gone from this host — are taken over by another worker; a worker that stops gracefully gives its lease up at once.',
      responses: { 200: jsonContent(workersBody, 'Workers') },
    }),
    async (c) => c.json({ leaseMs, workers: await engine.workers() }, 200),
  );
  return app;
}
