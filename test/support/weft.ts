import type { HttpClient, HttpRequest } from '../../nodes/define-node.ts';
import { createWeft, type Weft, type WeftOptions } from '../../runtime/weft.ts';
import { silentLogger } from '../../runtime/logger.ts';
import { createHttpClient } from '../../runtime/engine/http-client.ts';
import { TEST_EGRESS_ALLOW, loopbackEgress } from './egress.ts';
import { runView } from '../../runtime/engine/run-view.ts';
import type { FlowPlan } from '../../runtime/engine/plan.ts';
import type { TriggerEvent } from '../../runtime/engine/run-state.ts';
import type { RunRow, StepRow } from '../../runtime/store/run-store.ts';
import type { FlowDefinitionInput } from '../../shared/flow.ts';
import type { RunView } from '../../shared/run.ts';
import { until } from './poll.ts';
import { ADMIN_TOKEN } from './auth.ts';
import { folderPostgres, freshPostgres } from './postgres.ts';

/** scrypt at N = 2^10: 32 times cheaper than the product's cost, for the many sign-ins of the API tests. */
export const TEST_PASSWORD_COST = { N: 1 << 10, r: 8, p: 1 };

/**
 * A Weft on an in-memory database (unless dataDir says otherwise), silent, without cron jobs or example
 * flows, hashing new passwords at TEST_PASSWORD_COST unless told otherwise; loopback open to connectors.
 */
export async function testWeft(opts: WeftOptions = {}): Promise<Weft> {
  if (TEST_STORE === 'postgres' && !opts.config?.databaseUrl && opts.config?.dataDir === undefined)
    return onFreshPostgres(opts);
  const dataDir = opts.config?.dataDir;
  // A data folder's database lives as long as the folder (a runtime opened on it again finds its data);
  // `databaseUrl: null` keeps the folder's SQLite file.
  if (TEST_STORE === 'postgres' && opts.config?.databaseUrl === undefined && dataDir && dataDir !== ':memory:')
    return testWeft({ ...opts, config: { ...opts.config, databaseUrl: await folderPostgres(dataDir) } });
  return createWeft({
    passwordCost: TEST_PASSWORD_COST,
    ...opts,
    config: {
      dataDir: ':memory:',
      examplesDir: null,
      logLevel: 'silent',
      bootstrapToken: ADMIN_TOKEN,
      egressAllow: TEST_EGRESS_ALLOW,
      ...opts.config,
    },
    logger: opts.logger ?? silentLogger,
    schedules: opts.schedules ?? false,
  });
}

/** WEFT_TEST_STORE=postgres: the tests' runtimes run on PostgreSQL (a fresh database each), else on SQLite. */
export const TEST_STORE = process.env.WEFT_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

/** A test Weft on a new PostgreSQL database, dropped when the runtime closes. */
export async function onFreshPostgres(opts: WeftOptions = {}): Promise<Weft> {
  const database = await freshPostgres({ migrated: true });
  try {
    const weft = await testWeft({ ...opts, config: { ...opts.config, databaseUrl: database.url } });
    const close = weft.close.bind(weft);
    weft.close = async (graceMs) => {
      try {
        await close(graceMs);
      } finally {
        await database.drop();
      }
    };
    return weft;
  } catch (err) {
    await database.drop();
    throw err;
  }
}

/** Creates, publishes and activates a flow; returns the plan of its published version. */
export async function deploy(weft: Weft, def: FlowDefinitionInput): Promise<FlowPlan> {
  const { definition } = await weft.flows.create(def);
  const { version } = await weft.flows.publish(definition.id);
  await weft.activate(definition.id, version.version);
  return weft.engine.planFor(definition.id, version.version);
}

/** Starts a live run from trigger node `in` (or `triggerNodeId`) with `body`. */
export function start(
  weft: Weft,
  plan: FlowPlan,
  body: unknown,
  extra: { triggerNodeId?: string; dedupeKey?: string; event?: Partial<TriggerEvent> } = {},
) {
  return weft.engine.startRun({
    plan,
    triggerNodeId: extra.triggerNodeId ?? 'in',
    event: { ...extra.event, body },
    dedupeKey: extra.dedupeKey,
  });
}

/** Waits (bounded) until the run has left 'running' and returns its row. */
export async function finished(weft: Weft, runId: string, timeoutMs = 5000): Promise<RunRow> {
  let status = 'missing';
  try {
    return await until(
      async () => {
        const row = await weft.store.runs.run(runId);
        status = row?.status ?? 'missing';
        return row && row.status !== 'running' ? row : null;
      },
      `run ${runId} to finish`,
      timeoutMs,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message} (status ${status})`);
  }
}

/** Waits (bounded) until a step row of the run matches. */
export function stepReaches(
  weft: Weft,
  runId: string,
  nodeId: string,
  ok: (s: StepRow) => boolean,
  what: string,
  timeoutMs = 5000,
): Promise<StepRow> {
  return until(
    async () => {
      const s = (await weft.store.runs.steps(runId)).find((x) => x.nodeId === nodeId);
      return s && ok(s) ? s : null;
    },
    `step ${nodeId} of ${runId}: ${what}`,
    timeoutMs,
  );
}

export async function stepRows(weft: Weft, runId: string): Promise<Record<string, StepRow>> {
  return Object.fromEntries((await weft.store.runs.steps(runId)).map((s) => [s.nodeId, s]));
}

/** The run as the API shows it, with every step. */
export async function viewOf(weft: Weft, runId: string): Promise<RunView> {
  const row = (await weft.store.runs.run(runId))!;
  return runView(row, true, weft.store.runs, {
    previewCap: weft.config.stepPayloadCap,
    version: (flowId, version) => weft.flows.version(flowId, version),
  });
}

/** The real pooled client, recording each request the moment a step makes it (synchronously). */
export function recordingHttp(): HttpClient & { started: HttpRequest[]; close(): Promise<void> } {
  const inner = createHttpClient({ egress: loopbackEgress() });
  const started: HttpRequest[] = [];
  return {
    started,
    request(req) {
      started.push(req);
      return inner.request(req);
    },
    close: () => inner.close(),
  };
}
