import type { Weft } from '../../weft.ts';
import { newApi, jsonContent } from '../openapi.ts';
import { route } from '../route.ts';
import { Metrics } from '../schemas/admin.ts';

export function metricsRoutes(weft: Weft) {
  const app = newApi();
  app.openapi(
    route({
      access: 'operator',
      method: 'get',
      path: '/metrics',
      tags: ['operations'],
      operationId: 'getMetrics',
      summary:
        'Counters of this process (steps committed, runs started and finished, store transactions) and its memory',
      responses: { 200: jsonContent(Metrics, 'Metrics') },
    }),
    (c) =>
      c.json({ engine: weft.engine.stats, commits: weft.runStore.committer.stats, memory: process.memoryUsage() }, 200),
  );
  return app;
}
