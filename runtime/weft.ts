import type { HttpClient } from '../nodes/define-node.ts';
import { findNode } from '../nodes/registry.ts';
import type { Db } from './store/db.ts';
import { openStore } from './store/open-store.ts';
import type { ChangeFeed, ChangeTopic } from './store/changes.ts';
import type { Store, StoreDurability } from './store/ports.ts';
import { Engine } from './engine/engine.ts';
import { ExpressionCache } from './engine/expressions.ts';
import { createHttpClient } from './engine/http-client.ts';
import { standardWebhookHeaders } from './api/webhook-presets/standard-webhooks.ts';
import { systemClock, type Clock } from './engine/clock.ts';
import { GuardedHttp } from './guard/guarded-http.ts';
import { FlowService } from './flows/flow-service.ts';
import { TriggerManager } from './triggers/trigger-manager.ts';
import { eventSources } from './triggers/sources.ts';
import { closeAmqpPool } from '../nodes/amqp/pool.ts';
import { defaultConfig, type WeftConfig } from './config.ts';
import { createLogger, silentLogger, type Logger } from './logger.ts';
import type { NodeLookup } from './engine/plan.ts';
import { Identity } from './security/identity.ts';
import { AuditLog } from './security/audit.ts';
import { Connections } from './security/connections.ts';
import { ConnectionSpecs } from './security/connection-specs.ts';
import { SecretBox, loadKey } from './security/secret-box.ts';
import { secretMasker } from './security/secret-mask.ts';
import { EgressPolicy } from './engine/egress.ts';
import { withAddress } from './security/connection-address.ts';
import { Retention } from './retention/retention-service.ts';
import { Alerts } from './alerts/alerts.ts';
import { LookupTables } from './lookups/lookup-tables.ts';
import { Variables } from './variables/variables.ts';
import { WebhookReplays } from './api/webhook-replays.ts';
import { SignInThrottle } from './security/sign-in-throttle.ts';
import { DeniedRequests } from './security/denied-requests.ts';
import { RunOperations } from './runs/run-operations.ts';
import { Readiness } from './api/readiness.ts';
import type { Actor } from './security/audit.ts';
import type { PasswordCost } from './security/passwords.ts';
import { Metrics } from './telemetry/metrics.ts';
import { meteredHttp } from './telemetry/metered-http.ts';
import { Tracing } from './telemetry/tracing.ts';
import { type TracingOptions, tracingFromEnv } from './telemetry/tracing-options.ts';
import { closeNatsPool } from '../nodes/nats/pool.ts';
import { schemeOf } from '../shared/connection.ts';
import { runTestCases } from './flows/tests/run-tests.ts';

export interface WeftOptions {
  config?: Partial<WeftConfig>;
  logger?: Logger;
  clock?: Clock;
  random?: () => number;
  http?: HttpClient;
  /** false: hand nodes the HTTP client without circuit breakers and rate limits. */
  guard?: false;
  /** Cron jobs for schedule triggers (off in most tests). */
  schedules?: boolean;
  /** scrypt cost of new password hashes (default PASSWORD_COST); tests pass a cheaper one. */
  passwordCost?: PasswordCost;
  /** Where OpenTelemetry spans go; default: the OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT environment, off without one. */
  tracing?: TracingOptions | null;
}

/** Every long-lived part of a Weft runtime, wired together. */
export interface Weft {
  config: WeftConfig;
  /** The database, behind its async parts (SQLite or PostgreSQL). */
  store: Store;
  /** What a commit survives, read when the store opened. */
  durability: StoreDurability;
  /** Changes made by the other processes of a cluster (and this one's, told to them). */
  changes: ChangeFeed;
  /** The SQLite database, for SQLite-only tooling and tests; using it on PostgreSQL throws. */
  db: Db;
  lookup: NodeLookup;
  engine: Engine;
  flows: FlowService;
  triggers: TriggerManager;
  logger: Logger;
  /** Circuit breakers and rate limits in front of every connector request; null when turned off. */
  guard: GuardedHttp | null;
  /** Users, sessions and API tokens. */
  identity: Identity;
  /** The append-only, hash-chained record of changes and operator actions. */
  audit: AuditLog;
  /** Stored connections with their encrypted secrets. */
  connections: Connections;
  /** The OpenAPI documents of connections and their operations. */
  connectionSpecs: ConnectionSpecs;
  /** Where connectors may not go (the server adds its own port). */
  egress: EgressPolicy;
  /** The HTTP client connector steps use (with circuits and rate limits unless turned off). */
  http: HttpClient;
  /** Retention policies and the background prune of run data. */
  retention: Retention;
  /** Signed webhook requests already accepted (refused as replays within their tolerance). */
  webhookReplays: WebhookReplays;
  /** Failed sign-ins per account and address (429 past the limit). */
  signInThrottle: SignInThrottle;
  /** Refused API requests, written to the audit log at most once a minute per address, route and reason. */
  deniedRequests: DeniedRequests;
  /** What operators do to runs: retry, replay, discard, cancel, approve, reject, in bulk. */
  runOperations: RunOperations;
  /** Whether this process should be sent traffic (GET /readyz; webhooks are refused while it is not). */
  readiness: Readiness;
  /** Run, step, connector and commit metrics, served at GET /metrics; null with WEFT_METRICS=off. */
  metrics: Metrics | null;
  /** OpenTelemetry traces of runs, steps and connector calls; null when no OTLP endpoint is set. */
  tracing: Tracing | null;
  /** Alert rules and channels, their evaluation, incidents and the delivery of notifications. */
  alerts: Alerts;
  /** Lookup tables (key → value) that expressions read with $lookup. */
  lookups: LookupTables;
  /** Environment variables (non-secret settings) that expressions read as $env. */
  variables: Variables;
  /** Activates `version` of a flow (refusing a webhook path taken by another flow); triggers follow. */
  activate(flowId: string, version: number, actor?: Actor | null): Promise<void>;
  deactivate(flowId: string, actor?: Actor | null): Promise<boolean>;
  close(graceMs?: number): Promise<void>;
}

export async function createWeft(opts: WeftOptions = {}): Promise<Weft> {
  const config = { ...defaultConfig(), ...opts.config };
  const logger = opts.logger ?? (config.logLevel === 'silent' ? silentLogger : createLogger(config.logLevel));
  const { store, durability, changes, space, sqlite } = await openStore(config, logger);
  const lookup: NodeLookup = findNode;
  const tell = (topic: ChangeTopic, detail: string | null = null) =>
    void changes.notify(topic, detail).catch((err: Error) =>
      logger.warn('other processes could not be told of a change; they see it when they next start', {
        topic,
        error: err.message,
      }),
    );
  const egress = new EgressPolicy(config.egressAllow);
  const ownHttp = opts.http ? null : createHttpClient({ egress });
  const http = opts.http ?? ownHttp!;
  const metrics = config.metrics ? new Metrics() : null;
  if (metrics) store.commits.observe = (writes, ms) => metrics.committed(writes, ms);
  // Counted under the circuit breakers: what was sent, not what an open circuit refused.
  const sent = metrics ? meteredHttp(http, (connection, cls) => metrics.connectorCall(connection, cls)) : http;
  const tracingOptions = opts.tracing === undefined ? tracingFromEnv() : opts.tracing;
  const tracing = tracingOptions
    ? await Tracing.start(tracingOptions, (err) =>
        logger.error('traces are no longer exported; runs go on without them', { error: err.message }),
      )
    : null;
  const guard =
    opts.guard === false
      ? null
      : new GuardedHttp(sent, {
          circuitFailures: config.circuitFailures,
          circuitCooldownMs: config.circuitCooldownMs,
          rateLimits: config.rateLimits,
          retryAfterMaxMs: config.retryAfterMaxMs,
          clock: opts.clock ?? systemClock,
          shared:
            store.dialect === 'postgres'
              ? {
                  store,
                  tell: (key) => tell('circuits', key),
                  lost: (err) =>
                    logger.warn('a circuit or a pause was not shared with the other processes', {
                      error: err.message,
                    }),
                }
              : undefined,
        });
  await guard?.circuitsChanged(null);
  const now = opts.clock ? () => opts.clock!.now() : Date.now;
  const audit = new AuditLog(store, now);
  const variables = new Variables(store, audit, now, (name) => tell('variables', name));
  await variables.load();
  // The engine and the triggers are made below; flows reach them only when a flow changes.
  const flows = new FlowService(
    store,
    lookup,
    audit,
    now,
    {
      checkActivation: (flowId, def) => triggers.checkActivation(flowId, def),
      activationsChanged: async () => {
        await triggers.refresh();
        tell('activations');
      },
      deleted: (flowId) => engine.forgetFlow(flowId),
      runTests: (def) => runTestCases({ engine, store, lookup }, def),
    },
    Object.assign((id: string) => connectionSpecs.current(id), {
      scheme: async (id: string) => {
        const row = await store.connections.get(id);
        return row ? schemeOf(row.baseUrl) : null;
      },
      variable: (name: string) => variables.has(name),
    }),
  );
  const box = new SecretBox(loadKey(config.dataDir, config.secretKey, logger));
  const connections = new Connections(
    store,
    box,
    secretMasker,
    () => http,
    audit,
    now,
    (id) => tell('connections', id),
  );
  await connections.load();
  const connectionSpecs = new ConnectionSpecs(
    store,
    () => http,
    audit,
    now,
    (id) => tell('connections', id),
  );
  const resolve = async (id: string, signal?: AbortSignal) => ({
    ...(await connections.resolve(id, signal)),
    openapi: () => connectionSpecs.current(id),
  });
  const lookups = new LookupTables(store, audit, now, (name) => tell('lookups', name));
  // Notifications go out through the egress guard, apart from the connectors' circuits and metrics.
  const alerts = new Alerts({
    store,
    audit,
    box,
    clock: opts.clock ?? systemClock,
    logger,
    http,
    egress,
    circuits: () => guard?.status().circuits ?? [],
    publicUrl: config.publicUrl,
    intervalMs: config.alertIntervalMs,
  });
  const engine: Engine = new Engine({
    connection: resolve,
    credentials: async (id) => withAddress(await connections.credentials(id), egress),
    signWebhook: async (id, webhookId, body, nowMs) =>
      standardWebhookHeaders(await connections.sharedSecret(id), webhookId, nowMs, body),
    writeLookup: (runId, table, entries, mode) =>
      lookups.write(table, entries, mode, { kind: 'run', id: runId, name: `run:${runId}` }),
    store,
    lookup,
    logger,
    clock: opts.clock,
    random: opts.random,
    http: guard ?? sent,
    observer: alerts.observer(metrics),
    tracer: tracing ?? undefined,
    loadVersion: (id, v) => flows.version(id, v),
    activeVersion: (id) => flows.activeVersion(id),
    inlinePayloadCap: config.stepPayloadCap,
    poisonRestarts: config.poisonRestarts,
    lease: { workerId: config.workerId ?? undefined, leaseMs: config.leaseMs },
    cluster: store.dialect === 'postgres' ? { changes } : undefined,
    exprs: new ExpressionCache({
      timeoutMs: config.expressionTimeoutMs,
      maxItems: config.expressionMaxItems,
      maxResultBytes: config.expressionMaxResultBytes,
    }),
  });
  engine.exprs.setLookups((table, key) => lookups.lookup(table, key));
  engine.exprs.setVariables(() => variables.current());
  const identity = new Identity(store, audit, now, config.sessionHours * 3600_000, opts.passwordCost);
  if (config.bootstrapToken) await identity.bootstrap(config.bootstrapToken);
  const triggers: TriggerManager = new TriggerManager(
    engine,
    lookup,
    () => flows.activations(),
    logger,
    eventSources.filter((s) => s.kind !== 'schedule' || opts.schedules !== false),
    {
      engine,
      credentials: async (id) => withAddress(await connections.credentials(id), egress),
      connection: resolve,
      http: guard ?? sent,
      store,
      logger,
      clock: engine.clock,
    },
  );
  await triggers.refresh();
  metrics?.watch({ engine, guard });
  await engine.start();
  alerts.start();
  const retention = new Retention({
    store,
    space,
    audit,
    clock: engine.clock,
    logger,
    intervalMin: config.retentionIntervalMin,
  });
  retention.start();
  const webhookReplays = new WebhookReplays(store, now);
  const signInThrottle = new SignInThrottle(
    store,
    { maxFailures: config.signInMaxFailures, windowMs: config.signInWindowMin * 60_000 },
    now,
  );
  const deniedRequests = new DeniedRequests(audit, now);
  const readiness = new Readiness({
    store,
    durability,
    workerId: engine.workerId,
  });

  // What other processes of the cluster changed: this one refreshes what it keeps in memory.
  changes.listen((topic, detail) => {
    const refreshed =
      topic === 'activations'
        ? triggers.refresh()
        : topic === 'connections'
          ? connections.changedElsewhere(detail)
          : topic === 'circuits'
            ? (guard?.circuitsChanged(detail) ?? null)
            : topic === 'lookups'
              ? Promise.resolve(lookups.changedElsewhere(detail))
              : topic === 'variables'
                ? variables.changedElsewhere()
                : null;
    refreshed?.catch((err: Error) =>
      logger.warn('a change from another process was not applied', { topic, error: err.message }),
    );
  });

  return {
    config,
    store,
    durability,
    changes,
    get db(): Db {
      if (!sqlite) throw new Error('weft.db is the SQLite database; this installation runs on PostgreSQL');
      return sqlite;
    },
    lookup,
    engine,
    flows,
    triggers,
    logger,
    guard,
    identity,
    audit,
    connections,
    connectionSpecs,
    egress,
    http: guard ?? sent,
    retention,
    webhookReplays,
    signInThrottle,
    deniedRequests,
    runOperations: new RunOperations({ store, flows, engine, config, audit }),
    readiness,
    metrics,
    tracing,
    alerts,
    lookups,
    variables,
    activate: (flowId, version, actor = null) => flows.activate(flowId, version, actor),
    deactivate: (flowId, actor = null) => flows.deactivate(flowId, actor),
    async close(graceMs = 10_000) {
      readiness.drain();
      await retention.stop();
      await deniedRequests.flush();
      await triggers.stop();
      await engine.stop(graceMs);
      await closeNatsPool();
      await closeAmqpPool();
      await alerts.stop();
      await tracing?.shutdown();
      await ownHttp?.close();
      await changes.close();
      await store.close();
    },
  };
}
