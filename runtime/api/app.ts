import { Hono } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Weft } from '../weft.ts';
import { ErrorCodes } from '../../shared/errors.ts';
import { onError, errorBody } from './errors.ts';
import { newApi, serveDocument } from './openapi.ts';
import { routeTableOf } from './route.ts';
import { flowRoutes } from './routes/flows.ts';
import { approvalRoutes } from './routes/approvals.ts';
import { VersionApprovals } from '../flows/version-approvals.ts';
import { runRoutes } from './routes/runs.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { hookRoutes } from './routes/hooks.ts';
import { circuitRoutes } from './routes/circuits.ts';
import { workerRoutes } from './routes/workers.ts';
import { authRoutes } from './routes/auth.ts';
import { userRoutes } from './routes/users.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { auditRoutes } from './routes/audit.ts';
import { connectionRoutes } from './routes/connections.ts';
import { connectionOpenApiRoutes } from './routes/connection-openapi.ts';
import { retentionRoutes } from './routes/retention.ts';
import { alertRoutes } from './routes/alerts.ts';
import { lookupTableRoutes } from './routes/lookup-tables.ts';
import { variableRoutes } from './routes/variables.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { DashboardService } from '../dashboard/dashboard-service.ts';
import { readinessRoute, readinessRoutes } from './routes/readiness.ts';
import { prometheusRoutes } from './routes/prometheus.ts';
import { triggerCursorRoutes } from './routes/trigger-cursors.ts';
import { PollCursorService } from '../triggers/poll-cursor-service.ts';
import { authorize } from '../security/authorize.ts';
import type { RouteTable } from '../security/route-roles.ts';
import { jsonGuard } from './json-guard.ts';
import { allowedMethods } from './allowed-methods.ts';
import { testRun } from '../flows/test-run.ts';
import { flowTestRoutes } from './routes/flow-tests.ts';
import { runTestCases } from '../flows/tests/run-tests.ts';
import { recordTestCase } from '../flows/tests/record-case.ts';
import type { WebhookDeps } from './webhook.ts';

const designerDist = resolve(fileURLToPath(new URL('../../designer/dist', import.meta.url)));

/**
 * The routes under /api, each module given the services it uses, and the table of who may call each
 * route, gathered from the routes' own declarations (the authorize middleware enforces it, the OpenAPI
 * document shows it).
 */
export function createApi(weft: Weft): { api: OpenAPIHono; routes: RouteTable } {
  const api = newApi();
  const { flows, identity, engine, config } = weft;
  const approvals = new VersionApprovals(weft.store, weft.audit, () => engine.clock.now());
  api.route('/', flowRoutes({ flows, approvals, testRun: (definition, req) => testRun(weft, definition, req) }));
  api.route('/', approvalRoutes({ approvals }));
  api.route(
    '/',
    flowTestRoutes({
      flows,
      runTests: (definition, names) => runTestCases(weft, definition, { names }),
      record: (flowId, runId, name) => recordTestCase(weft, flowId, runId, name),
    }),
  );
  api.route(
    '/',
    runRoutes({
      runOperations: weft.runOperations,
      store: weft.store,
      flows,
      previewCap: config.stepPayloadCap,
    }),
  );
  api.route('/', catalogRoutes({ exprs: engine.exprs, previewCap: config.stepPayloadCap }));
  api.route('/', circuitRoutes({ guard: weft.guard }));
  api.route('/', workerRoutes({ engine, leaseMs: config.leaseMs }));
  api.route(
    '/',
    authRoutes({
      identity,
      signInThrottle: weft.signInThrottle,
      deniedRequests: weft.deniedRequests,
      trustProxy: config.trustProxy,
      cookieSecure: config.cookieSecure,
    }),
  );
  api.route('/', userRoutes({ identity }));
  api.route('/', tokenRoutes({ identity }));
  api.route('/', auditRoutes({ audit: weft.audit }));
  api.route('/', connectionRoutes({ connections: weft.connections, http: weft.http }));
  api.route('/', connectionOpenApiRoutes({ specs: weft.connectionSpecs }));
  api.route('/', retentionRoutes({ retention: weft.retention }));
  api.route('/', alertRoutes({ alerts: weft.alerts }));
  api.route('/', lookupTableRoutes({ lookups: weft.lookups }));
  api.route('/', variableRoutes({ variables: weft.variables }));
  api.route('/', metricsRoutes({ engine, store: weft.store }));
  const now = () => engine.clock.now();
  const circuits = () => weft.guard?.status().circuits ?? [];
  const dashboard = new DashboardService({ store: weft.store, flows, circuits, now });
  api.route('/', dashboardRoutes({ dashboard, now }));
  api.route('/', triggerCursorRoutes({ cursors: new PollCursorService(weft.store, flows, weft.audit, now) }));
  // Served at the root by createApp; described here, in the API document.
  api.openAPIRegistry.registerPath(readinessRoute);
  return { api, routes: routeTableOf(api, '/api', [serveDocument(api)]) };
}

/** What serving webhooks uses of the runtime. */
export function webhookDeps(weft: Weft): WebhookDeps {
  const { triggers, engine, connections, webhookReplays, logger, config, readiness } = weft;
  return { triggers, engine, connections, webhookReplays, logger, config, readiness };
}

/** The HTTP surface: API under /api, webhooks under /hooks, /healthz and /readyz, the designer at /. */
export function createApp(weft: Weft) {
  const app = new Hono();
  app.onError(onError(weft.logger));
  app.notFound((c) => c.json(errorBody(ErrorCodes.notFound, `${c.req.method} ${c.req.path} does not exist`), 404));

  const limit = bodyLimit({
    maxSize: weft.config.bodyLimit,
    // The body is not read, so the connection cannot be reused: say so, or the client's next request on it fails.
    onError: (c) =>
      c.json(
        errorBody(ErrorCodes.payloadTooLarge, `the request body exceeds the limit of ${weft.config.bodyLimit} bytes`),
        413,
        { connection: 'close' },
      ),
  });
  const { api, routes } = createApi(weft);

  app.use('/api/*', limit);
  app.use('/api/*', jsonGuard(weft.config));
  app.use(
    '/api/*',
    authorize(weft.identity, routes, { denials: weft.deniedRequests, trustProxy: weft.config.trustProxy }),
  );

  // Which durability guarantee holds, as the database connection reports it.
  app.get('/healthz', (c) => c.json({ status: 'ok', store: weft.durability }));
  // Whether to send this process traffic: not while it drains or while its database refuses writes.
  app.route('/', readinessRoutes({ readiness: weft.readiness }));
  // Prometheus text, where scrapers look: for an operator, an admin or the scrape token (WEFT_METRICS_TOKEN).
  app.route(
    '/',
    prometheusRoutes({
      metrics: weft.metrics,
      identity: weft.identity,
      scrapeToken: weft.config.metricsToken,
      denials: weft.deniedRequests,
      trustProxy: weft.config.trustProxy,
    }),
  );

  app.route('/api', api);
  app.route('/hooks', hookRoutes(webhookDeps(weft)));
  const allowed = allowedMethods(app, '/api/');
  app.all('/api/*', (c) => {
    const methods = allowed(c.req.path);
    if (methods.length === 0)
      return c.json(errorBody(ErrorCodes.notFound, `${c.req.method} ${c.req.path} does not exist`), 404);
    return c.json(
      errorBody(
        'method_not_allowed',
        `${c.req.path} does not answer ${c.req.method}; it answers ${methods.join(', ')}`,
      ),
      405,
      { allow: methods.join(', ') },
    );
  });

  if (existsSync(designerDist)) {
    const root = relative(process.cwd(), designerDist) || '.';
    app.use('/*', serveStatic({ root }));
    app.get('*', serveStatic({ root, path: 'index.html' }));
  } else {
    app.get('/', (c) =>
      c.html(
        '<!doctype html><title>Weft</title><p>The designer is not built yet: run <code>npm run build</code>. The API is at <a href="/api/openapi.json">/api/openapi.json</a>.</p>',
      ),
    );
  }
  return app;
}

export const designerBuilt = () => existsSync(join(designerDist, 'index.html'));
