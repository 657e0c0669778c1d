import { z } from '@hono/zod-openapi';
import { newApi, jsonBody, jsonContent, errors } from '../openapi.ts';
import { route } from '../route.ts';
import { principalOf } from '../../security/authorize.ts';
import type { ConnectionSpecs } from '../../security/connection-specs.ts';
import { pagingSchema } from '../../../shared/openapi/operation.ts';

const tags = ['connections'];
const idParam = z.object({
  id: z
    .string()
    .min(1)
    .max(63)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const dryRunQuery = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .optional()
    .openapi({
      param: { name: 'dryRun', in: 'query' },
      description: 'Only list the steps the new document would change or break',
    }),
});
const SpecInfo = z
  .object({
    connectionId: z.string(),
    version: z.number().int(),
    hash: z.string(),
    source: z.string(),
    operations: z.number().int(),
    updatedAt: z.number().int(),
    updatedBy: z.string().nullable(),
  })
  .openapi('ConnectionSpecInfo');
const ImpactedStep = z
  .object({
    flowId: z.string(),
    version: z.union([z.number().int(), z.literal('draft')]),
    nodeId: z.string(),
    operation: z.string(),
    change: z.enum(['removed', 'changed']),
    what: z.array(z.string()),
  })
  .openapi('ImpactedStep');
const PutResult = z
  .object({ spec: SpecInfo.optional(), impact: z.array(ImpactedStep), dryRun: z.boolean() })
  .openapi('ConnectionSpecChange');
const Operations = z
  .object({
    version: z.number().int(),
    hash: z.string(),
    operations: z.array(z.record(z.string(), z.unknown())),
  })
  .openapi('ConnectionOperations');
const documentContent = {
  'application/json': { schema: z.record(z.string(), z.unknown()) },
  'application/yaml': { schema: z.string() },
};

/** A connection's OpenAPI document: upload, fetch from below its base URL, read, remove, and its operations. */
export function connectionOpenApiRoutes({ specs }: { specs: ConnectionSpecs }) {
  const app = newApi();
  app.openapi(
    route({
      access: 'analyst',
      method: 'get',
      path: '/connections/{id}/openapi',
      tags,
      operationId: 'getConnectionOpenApi',
      summary: "The connection's OpenAPI document as stored (its spec version in the x-weft-spec-version header)",
      request: { params: idParam },
      responses: { 200: jsonContent(z.record(z.string(), z.unknown()), 'The document'), ...errors(400, 404) },
    }),
    async (c) => {
      const { info, document } = await specs.document(c.req.valid('param').id);
      c.header('x-weft-spec-version', String(info.version));
      c.header('x-weft-spec-hash', info.hash);
      return c.json(document as Record<string, unknown>, 200);
    },
  );

  app.openapi(
    route({
      access: 'admin',
      method: 'put',
      path: '/connections/{id}/openapi',
      tags,
      operationId: 'putConnectionOpenApi',
      summary:
        'Store an OpenAPI 3.0/3.1 document (JSON or YAML) for the connection; with dryRun=true only list the steps it would change or break',
      request: { params: idParam, query: dryRunQuery, body: { content: documentContent, required: true } },
      responses: { 200: jsonContent(PutResult, 'Stored, or the impact of a dry run'), ...errors(400, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const text = await c.req.text();
      const dryRun = c.req.valid('query').dryRun === 'true';
      return c.json(await specs.put(id, text, { actor: principalOf(c), dryRun }), 200);
    },
  );

  app.openapi(
    route({
      access: 'admin',
      method: 'post',
      path: '/connections/{id}/openapi/fetch',
      tags,
      operationId: 'fetchConnectionOpenApi',
      summary: "Read the connection's OpenAPI document from a path or URL below its base URL, through the egress guard",
      request: {
        params: idParam,
        query: dryRunQuery,
        body: jsonBody(z.object({ url: z.string().min(1).max(8000) }).strict()),
      },
      responses: { 200: jsonContent(PutResult, 'Stored, or the impact of a dry run'), ...errors(400, 404) },
    }),
    async (c) => {
      const dryRun = c.req.valid('query').dryRun === 'true';
      const r = await specs.fetch(c.req.valid('param').id, c.req.valid('json').url, { actor: principalOf(c), dryRun });
      return c.json(r, 200);
    },
  );

  app.openapi(
    route({
      access: 'admin',
      method: 'delete',
      path: '/connections/{id}/openapi',
      tags,
      operationId: 'deleteConnectionOpenApi',
      summary: "Remove the connection's OpenAPI document",
      request: { params: idParam },
      responses: { 204: { description: 'Removed' }, ...errors(400, 404) },
    }),
    async (c) => {
      await specs.remove(c.req.valid('param').id, principalOf(c));
      return c.body(null, 204);
    },
  );

  app.openapi(
    route({
      access: 'admin',
      method: 'put',
      path: '/connections/{id}/openapi/paging',
      tags,
      operationId: 'putConnectionPaging',
      summary: 'Paging every operation step of the connection uses unless it sets its own (null clears it)',
      request: { params: idParam, body: jsonBody(z.object({ paging: pagingSchema.nullable() }).strict()) },
      responses: { 204: { description: 'Set' }, ...errors(400, 404) },
    }),
    async (c) => {
      await specs.setPaging(c.req.valid('param').id, c.req.valid('json').paging, principalOf(c));
      return c.body(null, 204);
    },
  );

  app.openapi(
    route({
      access: 'analyst',
      method: 'get',
      path: '/connections/{id}/operations',
      tags,
      operationId: 'listConnectionOperations',
      summary:
        "The operations of the connection's OpenAPI document: operationId, method, path, parameters, body and answer schemas",
      request: { params: idParam },
      responses: { 200: jsonContent(Operations, 'Operations'), ...errors(400, 404) },
    }),
    async (c) => c.json(await specs.operations(c.req.valid('param').id), 200),
  );

  app.openapi(
    route({
      access: 'analyst',
      method: 'get',
      path: '/operations',
      tags,
      operationId: 'listAllOperations',
      summary: 'The operations of every connection that carries an OpenAPI document, by connection',
      responses: {
        200: jsonContent(
          z.object({ connections: z.array(Operations.extend({ connectionId: z.string() })) }),
          'Operations by connection',
        ),
      },
    }),
    async (c) => c.json({ connections: await specs.allOperations() }, 200),
  );
  return app;
}
