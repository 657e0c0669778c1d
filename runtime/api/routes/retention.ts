import { z } from '@hono/zod-openapi';
import { newApi, jsonBody, jsonContent, errors } from '../openapi.ts';
import { route } from '../route.ts';
import { PolicyRemoved, PruneResult, RetentionRule, RetentionView } from '../schemas/admin.ts';
import { principalOf } from '../../security/authorize.ts';
import type { Retention } from '../../retention/retention-service.ts';

const flowParam = z.object({
  flowId: z
    .string()
    .min(1)
    .max(100)
    .openapi({
      param: { name: 'flowId', in: 'path' },
      description: 'A flow id, or * for the default of flows without their own policy',
    }),
});

const policyBody = z
  .object({
    days: z
      .number()
      .int()
      .min(1)
      .max(36_500)
      .nullable()
      .openapi({ description: 'Finished runs older than this are deleted; null keeps them forever' }),
    keepSuccessPayloads: z
      .boolean()
      .openapi({ description: 'false: succeeded runs keep their outline but not their step inputs and outputs' }),
  })
  .strict();

export function retentionRoutes({ retention }: { retention: Retention }) {
  const app = newApi();
  app.openapi(
    route({
      access: 'admin',
      method: 'get',
      path: '/retention',
      tags: ['retention'],
      operationId: 'getRetention',
      summary: 'Retention policies, the policy of every flow, the database size and the last prune',
      responses: { 200: jsonContent(RetentionView, 'Policies, flows, database size, last prune') },
    }),
    async (c) => c.json(await retention.view(), 200),
  );

  app.openapi(
    route({
      access: 'admin',
      method: 'put',
      path: '/retention/{flowId}',
      tags: ['retention'],
      operationId: 'setRetentionPolicy',
      summary: "Set how long a flow's runs are kept (flowId * sets the default)",
      request: { params: flowParam, body: jsonBody(policyBody) },
      responses: { 200: jsonContent(RetentionRule, 'The policy as stored'), ...errors(400, 404) },
    }),
    async (c) =>
      c.json(await retention.setPolicy(c.req.valid('param').flowId, c.req.valid('json'), principalOf(c)), 200),
  );

  app.openapi(
    route({
      access: 'admin',
      method: 'delete',
      path: '/retention/{flowId}',
      tags: ['retention'],
      operationId: 'removeRetentionPolicy',
      summary: "Remove a flow's own policy so the default applies (flowId *: the default keeps runs forever again)",
      request: { params: flowParam },
      responses: {
        200: jsonContent(PolicyRemoved, 'Removed (or there was none); `policy` is the one that applies now'),
        ...errors(400, 404),
      },
    }),
    async (c) => c.json(await retention.removePolicy(c.req.valid('param').flowId, principalOf(c)), 200),
  );

  app.openapi(
    route({
      access: 'admin',
      method: 'post',
      path: '/retention/run',
      tags: ['retention'],
      operationId: 'pruneNow',
      summary: 'Prune now by the current policies and give the freed space back to the file system',
      responses: { 200: jsonContent(PruneResult, 'What the prune did') },
    }),
    async (c) => c.json(await retention.prune(principalOf(c)), 200),
  );
  return app;
}
