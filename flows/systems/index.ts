import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { billing } from './billing/app.ts';
import { billingOpenApi } from './billing/openapi.ts';
import { clm } from './clm/app.ts';
import { clmOpenApi } from './clm/openapi.ts';
import { crm } from './crm/app.ts';
import { crmOpenApi } from './crm/openapi.ts';
import { erp } from './erp/app.ts';
import { erpOpenApi } from './erp/openapi.ts';
import { onError, onNotFound } from './kit/errors.ts';
import type { EmitterOptions } from './kit/emitter.ts';
import { defaultRateLimit, type RateLimitOptions } from './kit/rate-limit.ts';
import { createSystem } from './kit/system.ts';
import { systemClock, type SysEnv } from './kit/types.ts';
import { psa } from './psa/app.ts';
import { psaOpenApi } from './psa/openapi.ts';

export type { System } from './kit/system.ts';
export type { Delivery, SentEvent } from './kit/emitter.ts';
export type { Faults } from './kit/faults.ts';
export type { RateLimitOptions } from './kit/rate-limit.ts';
export { fromCents, toCents } from './kit/money.ts';

export interface SampleSystemsOptions {
  /** Weft's base URL; events go to `{weftUrl}/hooks/<path>`. Unset: events are only recorded. */
  weftUrl?: string;
  /** CRM rate limit (default 100 per 60 s per client); `false` switches it off. */
  crmRateLimit?: Partial<RateLimitOptions> | false;
  now?: () => number;
  random?: () => number;
  /** Event delivery tuning (attempts, backoffMs, timeoutMs) and signingSecret; weftUrl comes from above. */
  delivery?: Omit<EmitterOptions, 'weftUrl'>;
}

function build(opts: SampleSystemsOptions) {
  const clock = { now: opts.now ?? systemClock.now, random: opts.random ?? systemClock.random };
  const emitter = { ...opts.delivery, weftUrl: opts.weftUrl };
  const base = { clock, emitter };
  const rl = opts.crmRateLimit === false ? undefined : { ...defaultRateLimit, ...opts.crmRateLimit };
  return {
    crm: createSystem(crm, { ...base, rateLimit: rl, openapi: crmOpenApi }),
    clm: createSystem(clm, { ...base, openapi: clmOpenApi }),
    psa: createSystem(psa, { ...base, openapi: psaOpenApi }),
    erp: createSystem(erp, { ...base, openapi: erpOpenApi }),
    billing: createSystem(billing, { ...base, openapi: billingOpenApi }),
  };
}

export type SampleState = ReturnType<typeof build>;

export interface SampleSystems {
  /** One Hono app with all five systems under /crm, /clm, /psa, /erp, /billing. */
  app: Hono<SysEnv>;
  /** Each system's store, faults, stats and emitter, for tests. */
  state: SampleState;
  /** Every system back to its seed. */
  reset(): void;
  /** Points every emitter at Weft (for when Weft starts after the systems). */
  setWeftUrl(url: string | undefined): void;
  /** Signs every system's events with this Standard Webhooks secret ("whsec_…"); undefined: unsigned. */
  setSigningSecret(secret: string | undefined): void;
  /** Resolves when no event delivery is in flight. */
  idle(): Promise<void>;
}

export function createSampleSystems(opts: SampleSystemsOptions = {}): SampleSystems {
  const state = build(opts);
  const all = Object.values(state);
  const reset = () => {
    for (const s of all) s.reset();
  };
  const app = new Hono<SysEnv>();
  app.onError(onError);
  app.notFound(onNotFound);
  app.get('/', (c) => c.json({ systems: all.map((s) => s.name) }));
  app.post('/admin/reset', (c) => {
    reset();
    return c.json({ ok: true, systems: all.map((s) => s.name) });
  });
  for (const s of all) app.route(`/${s.name}`, s.app);
  return {
    app,
    state,
    reset,
    setWeftUrl: (url) => {
      for (const s of all) s.emitter.weftUrl = url;
    },
    setSigningSecret: (secret) => {
      for (const s of all) s.emitter.signingSecret = secret;
    },
    idle: async () => void (await Promise.all(all.map((s) => s.emitter.idle()))),
  };
}

export interface StartOptions extends SampleSystemsOptions {
  /** Default 4100; 0 picks a free port. */
  port?: number;
  host?: string;
}

export interface StartedSampleSystems extends SampleSystems {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:4100. */
  url: string;
  server: Server;
  /** Stops deliveries, drops open connections and closes the listener. */
  close(): Promise<void>;
}

export async function startSampleSystems(opts: StartOptions): Promise<StartedSampleSystems> {
  const host = opts.host ?? '127.0.0.1';
  const systems = createSampleSystems(opts);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: systems.app.fetch, port: opts.port ?? 4100, hostname: host }) as Server;
    s.once('listening', () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= new Promise<void>((resolve) => {
      for (const s of Object.values(systems.state)) s.emitter.close();
      server.close(() => resolve());
      server.closeAllConnections();
    }));
  return { ...systems, url, server, close };
}
