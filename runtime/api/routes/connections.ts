import { z } from '@hono/zod-openapi';
import { newApi, jsonBody, jsonContent, errors } from '../openapi.ts';
import { route } from '../route.ts';
import { Connection, ConnectionDeleted, ConnectionList, ConnectionTestResult } from '../schemas/admin.ts';
import { principalOf } from '../../security/authorize.ts';
import { connectionInput, type Connections } from '../../security/connections.ts';
import { testConnection } from '../../security/connection-test.ts';
import type { HttpClient } from '../../../nodes/define-node.ts';

const tags = ['connections'];
const idParam = z.object({
  id: z
    .string()
    .min(1)
    .max(63)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const body = connectionInput;

export interface ConnectionRouteDeps {
  connections: Connections;
  /** The client connector steps use (egress guard, circuits), for "test connection". */
  http: HttpClient;
}

export function connectionRoutes({ connections, http }: ConnectionRouteDeps) {
  const app = newApi();
  app.openapi(
    route({
      access: 'analyst',
      method: 'get',
      path: '/connections',
      tags,
      operationId: 'listConnections',
      summary: 'Stored connections (never their secrets: auth.secretSet says whether one is stored)',
      responses: { 200: jsonContent(ConnectionList, 'Connections') },
    }),
    async (c) => c.json({ connections: await connections.list() }, 200),
  );

  app.openapi(
    route({
      access: 'admin',
      method: 'post',
      path: '/connections',
      tags,
      operationId: 'createConnection',
      summary:
        'Store a connection; secret fields (token, password, key, clientSecret) are encrypted and never returned',
      request: { body: jsonBody(body) },
      responses: { 201: jsonContent(Connection, 'Created'), ...errors(400, 409) },
    }),
    async (c) => c.json(await connections.create(c.req.valid('json'), principalOf(c)), 201),
  );

  app.openapi(
    route({
      access: 'analyst',
      method: 'get',
      path: '/connections/{id}',
      tags,
      operationId: 'getConnection',
      summary: 'One connection',
      request: { params: idParam },
      responses: { 200: jsonContent(Connection, 'Connection'), ...errors(400, 404) },
    }),
    async (c) => c.json(await connections.get(c.req.valid('param').id), 200),
  );

  app.openapi(
    route({
      access: 'admin',
      method: 'put',
      path: '/connections/{id}',
      tags,
      operationId: 'updateConnection',
      summary: 'Change a connection; a secret field left out keeps its stored value, null removes it',
      request: { params: idParam, body: jsonBody(body) },
      responses: { 200: jsonContent(Connection, 'Changed'), ...errors(400, 404, 409) },
    }),
    async (c) =>
      c.json((await connections.update(c.req.valid('param').id, c.req.valid('json'), principalOf(c))).after, 200),
  );

  app.openapi(
    route({
      access: 'admin',
      method: 'delete',
      path: '/connections/{id}',
      tags,
      operationId: 'deleteConnection',
      summary: 'Delete a connection no flow uses',
      request: { params: idParam },
      responses: { 200: jsonContent(ConnectionDeleted, 'Deleted'), ...errors(400, 404, 409) },
    }),
    async (c) => c.json({ deleted: (await connections.delete(c.req.valid('param').id, principalOf(c))).id }, 200),
  );

  app.openapi(
    route({
      access: 'admin',
      method: 'post',
      path: '/connections/{id}/test',
      tags,
      operationId: 'testConnection',
      summary: "Call the connection's base URL with its authentication and report what came back",
      request: { params: idParam },
      responses: {
        200: jsonContent(ConnectionTestResult, 'Reachable with the credentials, or what went wrong'),
        ...errors(400, 404),
      },
    }),
    async (c) => {
      const id = (await connections.get(c.req.valid('param').id)).id; // 404 for a connection that does not exist
      return c.json(await testConnection({ connections, http }, id), 200);
    },
  );
  return app;
}
