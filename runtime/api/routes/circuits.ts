import { z } from '@hono/zod-openapi';
import type { GuardedHttp } from '../../guard/guarded-http.ts';
import { newApi, jsonContent } from '../openapi.ts';
import { route } from '../route.ts';

const time = z.number().int().nullable();
const circuitsBody = z
  .object({
    circuits: z.array(
      z.object({
        host: z.string().openapi({ example: 'erp.example.com' }),
        state: z
          .enum(['closed', 'open', 'half_open'])
          .describe('"half_open": the cool-down is over and one probe request may go (or is in flight)'),
        consecutiveFailures: z.number().int(),
        openedAt: time.describe('When the circuit last opened (ms since epoch); null while closed'),
        nextTryAt: time.describe('When the probe request may go (ms since epoch); null while closed'),
        lastError: z.string().nullable(),
      }),
    ),
    rateLimits: z.array(
      z.object({
        host: z.string().openapi({ example: '127.0.0.1:4100' }),
        limit: z
          .number()
          .int()
          .nullable()
          .describe('Requests per interval; null for a host without a limit that answered 429 with Retry-After'),
        intervalMs: z.number().int().nullable(),
        waiting: z.number().int().describe('Requests waiting for their turn'),
        pausedUntil: time.describe(
          'A 429 Retry-After holds every request to the host until then; null when not paused',
        ),
      }),
    ),
  })
  .openapi('Circuits');

/** `guard` null: circuits and rate limits are turned off (nothing to show). */
export function circuitRoutes({ guard }: { guard: Pick<GuardedHttp, 'status'> | null }) {
  const app = newApi();
  app.openapi(
    route({
      access: 'operator',
      method: 'get',
      path: '/circuits',
      tags: ['operations'],
      operationId: 'getCircuits',
      summary: 'Circuit breakers and rate limits per downstream host:port',
      description:
        'Circuits of every host a connector has called since start; rate limits of every configured host and of hosts paused by a 429. Steps refused by an open circuit or a full rate limit wait as "retrying" with error code circuit_open without using up an attempt.',
      responses: { 200: jsonContent(circuitsBody, 'Circuits and rate limits') },
    }),
    (c) => c.json(guard?.status() ?? { circuits: [], rateLimits: [] }, 200),
  );
  return app;
}
