import type { Engine } from '../../engine/engine.ts';
import type { Committer } from '../../store/committer.ts';
import { newApi, jsonContent } from '../openapi.ts';
import { route } from '../route.ts';
import { Metrics } from '../schemas/admin.ts';

export interface MetricsRouteDeps {
  engine: Pick<Engine, 'stats'>;
  /** The store's group committer. */
  committer: Pick<Committer, 'stats'>;
}

export function metricsRoutes({ engine, committer }: MetricsRouteDeps) {
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
    (c) => c.json({ engine: engine.stats, commits: committer.stats, memory: process.memoryUsage() }, 200),
  );
  return app;
}
