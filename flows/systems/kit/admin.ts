import { Hono } from 'hono';
import { readJson } from './body.ts';
import { onError } from './errors.ts';
import { applyFaults, faultsPatchSchema, noFaults } from './faults.ts';
import type { System } from './system.ts';
import type { SysEnv } from './types.ts';

/**
 * `/<sys>/admin/*`: faults (GET, PUT merges, DELETE clears), stats and reset.
 * Never subject to faults, rate limits or idempotency.
 */
export function adminRoutes<S extends object>(sys: System<S>): Hono<SysEnv> {
  const admin = new Hono<SysEnv>();
  admin.onError(onError);
  admin.get('/faults', (c) => c.json(sys.faults));
  admin.put('/faults', async (c) => {
    applyFaults(sys.faults, await readJson(c, faultsPatchSchema), sys.clock.now());
    return c.json(sys.faults);
  });
  admin.delete('/faults', (c) => {
    Object.assign(sys.faults, noFaults());
    return c.json(sys.faults);
  });
  admin.get('/stats', (c) =>
    c.json({
      requests: sys.stats.requests,
      duplicates: sys.stats.duplicates,
      events: sys.emitter.deliveries,
      pendingEvents: sys.emitter.pending,
      counts: sys.counts(),
    }),
  );
  admin.post('/reset', (c) => {
    sys.reset();
    return c.json({ ok: true, system: sys.name });
  });
  return admin;
}
