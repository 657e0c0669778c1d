import type { Weft } from '../../runtime/weft.ts';
import { HttpStub } from '../support/http-stub.ts';
import type { FlowDefinitionInput } from '../../shared/flow.ts';

/** One request of a valid call: path parameters, query, body and headers. */
export interface Req {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
}

export const PASSWORD = 'correct horse battery';

/** What the seeding and the valid calls made: ids the later calls use. */
export interface Seed {
  failed: string[];
  waiting: string[];
  userId: string;
  tokenId: string;
  connectionId: string;
  analyst: string;
  alertChannelId: string;
  alertRuleId: string;
  /** A finished run whose loop went on past a failed item. */
  loopRun: string;
  /** The test run of flow "fresh" (testFlow). */
  testRunId: string;
}

export interface CallContext {
  weft: () => Weft;
  seed: Seed;
  /** Headers of a signed-in session of the owner. */
  session: () => Promise<Record<string, string>>;
  flowDef: (id: string) => FlowDefinitionInput;
  /** Keeps a stub serving an OpenAPI document (closed after the tests) and gives it back. */
  serveSpec: (stub: HttpStub) => HttpStub;
}

/** One valid call (or several) per operation, in an order where each finds what it needs. */
export function validCalls(ctx: CallContext): [string, () => Req | Req[] | Promise<Req>][] {
  const { seed, session, flowDef } = ctx;
  return [
    [
      'setUpOwner',
      () => ({
        body: { email: 'owner@example.com', name: 'Owner', password: PASSWORD },
        headers: { authorization: '' },
      }),
    ],
    ['getAuthStatus', () => ({ headers: { authorization: '' } })],
    ['signIn', () => ({ body: { email: 'owner@example.com', password: PASSWORD }, headers: { authorization: '' } })],
    ['getSession', async () => ({ headers: await session() })],
    ['listNodeTypes', () => ({})],
    ['listCanonicalSchemas', () => ({})],
    [
      'evaluateExpression',
      () => [
        { body: { expression: 'a + 1', input: { a: 1 } } },
        { body: { expression: 'a +' } },
        { body: { expression: '$error("no")' } },
      ],
    ],
    ['listFlows', () => ({})],
    ['createFlow', () => ({ body: flowDef('fresh') })],
    ['getFlow', () => ({ params: { id: 'orders' } })],
    [
      'saveFlow',
      () => ({ params: { id: 'fresh' }, body: { definition: { ...flowDef('fresh'), name: 'Fresh' }, revision: 1 } }),
    ],
    ['validateFlow', () => ({ params: { id: 'fresh' } })],
    ['testFlow', () => ({ params: { id: 'fresh' }, body: { input: { fail: true } } })],
    ['recordFlowTest', () => ({ params: { id: 'fresh' }, body: { runId: seed.testRunId, name: 'fails when asked' } })],
    [
      'runFlowTests',
      () => [
        { params: { id: 'fresh' } },
        {
          params: { id: 'fresh' },
          body: {
            definition: {
              ...flowDef('fresh'),
              tests: [{ name: 'fails', input: { fail: true }, expect: { status: 'failed' } }],
            },
            names: ['fails'],
          },
        },
      ],
    ],
    ['publishFlow', () => [{ params: { id: 'fresh' }, body: { note: 'first' } }, { params: { id: 'fresh' } }]],
    ['activateFlow', () => ({ params: { id: 'fresh' }, body: { version: 1 } })],
    ['deactivateFlow', () => ({ params: { id: 'fresh' } })],
    ['listFlowVersions', () => ({ params: { id: 'orders' } })],
    ['getFlowVersion', () => ({ params: { id: 'orders', version: '1' } })],
    ['getFourEyesPolicy', () => ({})],
    ['setFourEyesPolicy', () => ({ body: { mode: 'off' } })],
    [
      'refuseFlowVersion',
      async () => ({ params: { id: 'orders', version: '1' }, body: { reason: 'not yet' }, headers: await session() }),
    ],
    ['approveFlowVersion', async () => ({ params: { id: 'orders', version: '1' }, headers: await session() })],
    ['getTriggerCursor', () => ({ params: { id: 'polled', node: 'in' } })],
    ['resetTriggerCursor', () => ({ params: { id: 'polled', node: 'in' }, body: { cursor: null } })],
    ['deleteFlow', () => ({ params: { id: 'fresh' } })],
    [
      'listRuns',
      () => [
        { query: { flowId: 'orders', limit: '2' } },
        { query: { status: 'failed', from: '0', to: new Date(Date.now() + 60_000).toISOString(), q: 'fail' } },
      ],
    ],
    ['getRun', () => [{ params: { id: seed.failed[0]! } }, { params: { id: seed.waiting[0]! } }]],
    ['summarizeFailedRuns', () => ({ query: { flowId: 'orders', from: '0' } })],
    ['retryRun', () => ({ params: { id: seed.failed[0]! }, body: { note: 'once more' } })],
    ['replayRun', () => ({ params: { id: seed.failed[1]! }, body: {} })],
    ['retryFailedLoopItems', () => ({ params: { id: seed.loopRun, node: 'loop' }, body: { note: 'once more' } })],
    ['discardRun', () => ({ params: { id: seed.failed[2]! }, body: { reason: 'not needed' } })],
    [
      'bulkRunAction',
      () => ({ body: { action: 'discard', ids: [seed.failed[3]!, 'run_missing'], reason: 'tidy up' } }),
    ],
    ['cancelRun', () => ({ params: { id: seed.waiting[0]! }, body: { reason: 'withdrawn' } })],
    ['approveRun', () => ({ params: { id: seed.waiting[1]! }, body: { comment: 'fine' } })],
    ['rejectRun', () => ({ params: { id: seed.waiting[2]! } })],
    ['getCircuits', () => ({})],
    ['listWorkers', () => ({})],
    ['getMetrics', () => ({})],
    ['getDashboard', () => [{}, { query: { range: '1h' } }]],
    ['getFlowDashboard', () => ({ params: { flowId: 'orders' }, query: { range: '7d' } })],
    ['getReadiness', () => ({ headers: { authorization: '' } })],
    ['listUsers', () => ({})],
    ['createUser', () => ({ body: { email: 'ana@example.com', name: 'Ana', role: 'analyst', password: PASSWORD } })],
    ['updateUser', () => ({ params: { id: seed.userId }, body: { role: 'operator' } })],
    ['listTokens', () => ({})],
    ['createToken', () => ({ body: { name: 'ci', role: 'operator', expiresInDays: 30 } })],
    ['revokeToken', () => ({ params: { id: seed.tokenId } })],
    ['listConnections', () => ({})],
    [
      'createConnection',
      () => ({
        body: {
          id: 'erp',
          name: 'ERP',
          baseUrl: 'http://127.0.0.1:1/',
          auth: { type: 'bearer', token: 'secret-value' },
          allowPrivate: true,
        },
      }),
    ],
    ['getConnection', () => ({ params: { id: seed.connectionId } })],
    [
      'updateConnection',
      () => ({
        params: { id: seed.connectionId },
        body: {
          name: 'ERP (test)',
          baseUrl: 'http://127.0.0.1:1/',
          auth: { type: 'bearer' },
          rateLimit: '10/s',
          allowPrivate: true,
        },
      }),
    ],
    ['testConnection', () => ({ params: { id: seed.connectionId } })],
    [
      'putConnectionOpenApi',
      () => ({
        params: { id: seed.connectionId },
        body: {
          openapi: '3.1.0',
          info: { title: 'ERP', version: '1' },
          paths: { '/x': { get: { responses: { '200': { description: 'ok' } } } } },
        },
      }),
    ],
    ['getConnectionOpenApi', () => ({ params: { id: seed.connectionId } })],
    ['listConnectionOperations', () => ({ params: { id: seed.connectionId } })],
    ['listAllOperations', () => ({})],
    ['putConnectionPaging', () => ({ params: { id: seed.connectionId }, body: { paging: { style: 'link' } } })],
    [
      'fetchConnectionOpenApi',
      async () => {
        const specHost = ctx.serveSpec(await HttpStub.start()).respond('/openapi.json', {
          status: 200,
          body: { openapi: '3.0.3', info: { title: 'Host', version: '1' }, paths: {} },
        });
        await ctx.weft().connections.create({
          id: 'spec-host',
          name: 'Spec host',
          baseUrl: specHost.url,
          auth: { type: 'none' },
          allowPrivate: true,
        });
        return { params: { id: 'spec-host' }, body: { url: '/openapi.json' } };
      },
    ],
    ['deleteConnectionOpenApi', () => ({ params: { id: seed.connectionId } })],
    ['deleteConnection', () => ({ params: { id: seed.connectionId } })],
    ['listLookupTables', () => ({})],
    ['createLookupTable', () => ({ body: { name: 'crm_to_erp', entries: [{ key: 'ACC-1', value: 'C-1001' }] } })],
    ['getLookupTable', () => ({ params: { name: 'crm_to_erp' } })],
    [
      'replaceLookupTable',
      () => ({ params: { name: 'crm_to_erp' }, body: { entries: [{ key: 'ACC-1', value: 'C-2001' }], version: 1 } }),
    ],
    ['deleteLookupTable', () => ({ params: { name: 'crm_to_erp' } })],
    [
      'putVariable',
      () => [
        { params: { name: 'ERP_COMPANY' }, body: { value: '1000', description: 'ERP company code' } },
        { params: { name: 'ERP_COMPANY' }, body: { value: '2000' } },
        { params: { name: 'ERP_BASE' }, body: { value: 'https://erp.example.com' } },
      ],
    ],
    ['listVariables', () => ({})],
    ['deleteVariable', () => ({ params: { name: 'ERP_BASE' } })],
    ['getRetention', () => ({})],
    [
      'setRetentionPolicy',
      () => [
        { params: { flowId: 'orders' }, body: { days: 30, keepSuccessPayloads: false } },
        { params: { flowId: '*' }, body: { days: null, keepSuccessPayloads: true } },
      ],
    ],
    ['removeRetentionPolicy', () => ({ params: { flowId: 'orders' } })],
    [
      'createAlertChannel',
      () => ({
        body: {
          kind: 'webhook',
          name: 'Ops',
          settings: { url: 'http://127.0.0.1:1/alerts', secret: 'signing-secret-0123456789' },
        },
      }),
    ],
    [
      'updateAlertChannel',
      () => ({
        params: { id: seed.alertChannelId },
        body: { kind: 'webhook', name: 'Ops team', settings: { url: 'http://127.0.0.1:1/alerts' } },
      }),
    ],
    ['listAlertChannels', () => ({})],
    [
      'createAlertRule',
      () => ({
        body: {
          kind: 'failure_rate',
          name: 'Orders failing',
          channelIds: [seed.alertChannelId],
          condition: { flowId: 'orders', thresholdPercent: 20, windowMinutes: 15, minRuns: 5 },
        },
      }),
    ],
    [
      'updateAlertRule',
      () => ({
        params: { id: seed.alertRuleId },
        body: { kind: 'run_failed', name: 'Orders failing', channelIds: [seed.alertChannelId], condition: {} },
      }),
    ],
    ['listAlertRules', () => ({})],
    ['listAlertIncidents', () => ({ query: { status: 'open', limit: '5' } })],
    ['deleteAlertRule', () => ({ params: { id: seed.alertRuleId } })],
    ['deleteAlertChannel', () => ({ params: { id: seed.alertChannelId } })],
    ['pruneNow', () => ({})],
    ['listAuditEntries', () => [{ query: { limit: '5', action: 'flow.' } }, { query: { format: 'csv', from: '0' } }]],
    ['verifyAuditLog', () => ({})],
    ['changePassword', async () => ({ body: { current: PASSWORD, next: PASSWORD }, headers: await session() })],
    ['signOut', async () => ({ headers: await session() })],
  ];
}
