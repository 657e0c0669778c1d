import { Hono } from 'hono';
import { adminRoutes } from './admin.ts';
import { Emitter, type EmitterOptions } from './emitter.ts';
import { onError, onNotFound } from './errors.ts';
import { faultInjection, noFaults, type Faults } from './faults.ts';
import { idempotency, type IdempotencyKeys } from './idempotency.ts';
import { newEventId } from './ids.ts';
import { openApiDocument, type Operation } from './openapi.ts';
import { rateLimit, type RateLimitOptions, type RateWindows } from './rate-limit.ts';
import type { Clock, SysEnv } from './types.ts';

/** What a system module describes: its name, store, counts and routes. */
export interface SystemDef<S extends object> {
  /** Path prefix and admin name: "crm". */
  name: string;
  /** Where the API routes sit below the prefix: "/services/data/v59.0". */
  basePath: string;
  /** A fresh store holding the seed records. */
  seed: (clock: Clock) => S;
  /** Collection sizes for `/admin/stats`. */
  counts: (store: S) => Record<string, number>;
  routes: (sys: System<S>) => Hono<SysEnv>;
}

export interface SystemOptions {
  clock: Clock;
  emitter?: EmitterOptions;
  rateLimit?: RateLimitOptions;
  /** Served at `/openapi.json` as the system's OpenAPI 3.1 document. */
  openapi?: { title: string; description: string; operations: Operation[] };
}

/** One running sample system: its app and all of its in-memory state. */
export interface System<S extends object> {
  readonly name: string;
  readonly app: Hono<SysEnv>;
  readonly store: S;
  readonly faults: Faults;
  readonly stats: { requests: number; duplicates: number };
  readonly emitter: Emitter;
  readonly idempotencyKeys: IdempotencyKeys;
  readonly rateWindows: RateWindows;
  readonly clock: Clock;
  readonly counts: () => Record<string, number>;
  /** Emits `{ event, eventId, occurredAt, ...data }` to `hooks/<path>` after the current request. */
  emit(path: string, event: string, data: Record<string, unknown>): string;
  /** Back to seed data; faults, counters, keys and deliveries cleared. The store object is kept. */
  reset(): void;
}

/** Refills `target` from `fresh` keeping the same Map objects (tests may hold them). */
function refill(target: object, fresh: object): void {
  const t = target as Record<string, unknown>;
  for (const [k, v] of Object.entries(fresh)) {
    const cur = t[k];
    if (cur instanceof Map && v instanceof Map) {
      cur.clear();
      for (const [mk, mv] of v) cur.set(mk, mv);
    } else t[k] = v;
  }
}

export function createSystem<S extends object>(def: SystemDef<S>, opts: SystemOptions): System<S> {
  const { clock } = opts;
  const app = new Hono<SysEnv>();
  const sys: System<S> = {
    name: def.name,
    app,
    store: def.seed(clock),
    faults: noFaults(),
    stats: { requests: 0, duplicates: 0 },
    emitter: new Emitter(opts.emitter),
    idempotencyKeys: new Map(),
    rateWindows: new Map(),
    clock,
    counts: () => def.counts(sys.store),
    emit(path, event, data) {
      const eventId = newEventId();
      const body = { event, eventId, occurredAt: new Date(clock.now()).toISOString(), ...structuredClone(data) };
      sys.emitter.emit(path, body);
      return eventId;
    },
    reset() {
      refill(sys.store, def.seed(clock));
      Object.assign(sys.faults, noFaults());
      Object.assign(sys.stats, { requests: 0, duplicates: 0 });
      sys.emitter.reset();
      sys.idempotencyKeys.clear();
      sys.rateWindows.clear();
    },
  };

  app.onError(onError);
  app.notFound(onNotFound);
  if (opts.openapi) {
    const { title, description, operations } = opts.openapi;
    const doc = openApiDocument({ name: def.name, basePath: def.basePath, title, description }, operations);
    app.get('/openapi.json', (c) => c.json(doc));
  }
  // Admin first: its handlers answer before the fault/limit chain below can run.
  app.route('/admin', adminRoutes(sys));
  app.use('*', async (_c, next) => {
    sys.stats.requests++;
    await next();
  });
  app.use('*', faultInjection(sys.faults, clock));
  if (opts.rateLimit) app.use('*', rateLimit(opts.rateLimit, sys.rateWindows, clock));
  app.use(
    '*',
    idempotency(sys.idempotencyKeys, () => sys.stats.duplicates++),
  );
  app.route(def.basePath, def.routes(sys));
  return sys;
}
