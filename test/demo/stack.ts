import { fileURLToPath } from 'node:url';
import { startServer, type RunningServer } from '../../runtime/server.ts';
import { loadExampleFlows } from '../../runtime/flows/examples.ts';
import { sampleWebhooksSecret } from '../../runtime/flows/example-webhook-secret.ts';
import { silentLogger } from '../../runtime/logger.ts';
import { sampleSystemsEgress } from '../../runtime/config.ts';
import { ManualClock } from '../../runtime/engine/clock.ts';
import { startSampleSystems } from '../../flows/systems/index.ts';
import type { RunRow } from '../../runtime/store/run-store.ts';
import type { Weft } from '../../runtime/weft.ts';
import { TEST_STORE, viewOf } from '../support/weft.ts';
import { freshPostgres } from '../support/postgres.ts';
import { until } from '../support/poll.ts';
import { ADMIN_TOKEN } from '../support/auth.ts';

const flowsDir = fileURLToPath(new URL('../../flows', import.meta.url));

export interface DemoStack {
  weft: Weft;
  server: RunningServer;
  systems: Awaited<ReturnType<typeof startSampleSystems>>;
  /** The Standard Webhooks secret the systems sign with and the example flows verify. */
  secret: string;
  /** Drives retry backoff (unless the stack runs on the real clock). */
  clock: ManualClock;
  /** JSON call to a sample system, e.g. sys('PATCH', '/crm/…', body). Throws on non-2xx. */
  sys<T = any>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/**
 * Weft (in-memory store, or a new PostgreSQL database with WEFT_TEST_STORE=postgres; manual clock for retry
 * backoff, real HTTP server) and the five sample systems on loopback, their webhooks pointed at Weft and
 * signed with the example flows' secret, with the example flows published and active against them.
 */
export async function startDemoStack(o: { realClock?: boolean } = {}): Promise<DemoStack> {
  const clock = new ManualClock(Date.now());
  const database = TEST_STORE === 'postgres' ? await freshPostgres({ migrated: true }) : null;
  const server = await startServer({
    ...(o.realClock ? {} : { clock }),
    config: {
      port: 0,
      host: '127.0.0.1',
      dataDir: ':memory:',
      ...(database ? { databaseUrl: database.url } : {}),
      examplesDir: null,
      demoPort: null,
      logLevel: 'silent',
      webhookWaitMs: 5000,
      circuitCooldownMs: 2000,
      bootstrapToken: ADMIN_TOKEN,
    },
    logger: silentLogger,
    schedules: false,
  });
  const systems = await startSampleSystems({ port: 0, host: '127.0.0.1', weftUrl: server.url });
  // As `weft start` does: the egress guard opens the sample systems' port, and no other loopback port.
  server.weft.egress.allow(sampleSystemsEgress(Number(new URL(systems.url).port)));
  const loaded = await loadExampleFlows(server.weft, flowsDir, systems.url);
  if (loaded !== 8) throw new Error(`expected the eight example flows, loaded ${loaded}`);
  // As the demo does: the systems sign their events with the secret the example flows verify.
  const secret = await sampleWebhooksSecret(server.weft, systems.url);
  systems.setSigningSecret(secret);
  const sys = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(systems.url + path, {
      method,
      headers: { 'x-client-id': 'test', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return {
    weft: server.weft,
    server,
    systems,
    secret,
    clock,
    sys,
    async close() {
      await systems.close();
      await server.close(1000);
      await database?.drop();
    },
  };
}

/** Live runs of a flow, newest first. */
export function runsOf(weft: Weft, flowId: string): Promise<RunRow[]> {
  return weft.store.runQueries.list({ flowId, mode: 'live', limit: 500 });
}

/**
 * Waits (bounded) until the flow has `count` live runs and none is running; advances the manual
 * clock while any step waits for a retry, so backoff costs no real time.
 */
export async function settled(stack: DemoStack, flowId: string, count: number, timeoutMs = 10_000): Promise<RunRow[]> {
  let seen: RunRow[] = [];
  try {
    return await until(
      async () => {
        const runs = await runsOf(stack.weft, flowId);
        seen = runs;
        if (runs.some((r) => r.status === 'running')) {
          const steps = await Promise.all(runs.map((r) => stack.weft.store.runs.steps(r.id)));
          if (steps.some((s) => s.some((x) => x.status === 'retrying'))) stack.clock.advance(5_000);
          return null;
        }
        return runs.length >= count ? runs : null;
      },
      `${count} finished run(s) of ${flowId}`,
      timeoutMs,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message} (have ${seen.map((r) => r.status).join(', ') || 'none'})`);
  }
}

/** A step of a run as the API shows it. */
export async function stepOf(weft: Weft, runId: string, nodeId: string) {
  const step = (await viewOf(weft, runId)).steps?.find((s) => s.nodeId === nodeId);
  if (!step) throw new Error(`run ${runId} has no step ${nodeId}`);
  return step;
}
