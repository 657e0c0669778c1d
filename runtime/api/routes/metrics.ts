import type { Engine } from '../../engine/engine.ts';
import type { Store } from '../../store/ports.ts';
import { newApi, jsonContent } from '../openapi.ts';
import { route } from '../route.ts';
import { Metrics } from '../schemas/admin.ts';

export interface MetricsRouteDeps {
  engine: Pick<Engine, 'stats'>;
  /** The store: its group commits. */
  store: Pick<Store, 'commits'>;
}

export function metricsRoutes({ engine, store }: MetricsRouteDeps) {
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
    (c) => c.json({ engine: engine.stats, commits: store.commits, memory: process.memoryUsage() }, 200),
  );
  return app;
}
