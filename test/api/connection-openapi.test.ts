import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpStub } from '../support/http-stub.ts';
import { apiPerTest } from '../support/api.ts';
import { finished, start } from '../support/weft.ts';
import { flow, n } from '../support/flows.ts';

const api = apiPerTest();
let stub: HttpStub;
beforeEach(async () => {
  stub = await HttpStub.start();
});
afterEach(() => stub.close());

const doc = (extra: Record<string, unknown> = {}) => ({
  openapi: '3.0.3',
  info: { title: 'Items', version: '1' },
  paths: {
    '/items/{itemId}': {
      parameters: [{ name: 'itemId', in: 'path', required: true, schema: { type: 'string' } }],
      get: {
        operationId: 'getItem',
        parameters: [{ name: 'expand', in: 'query', schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
          },
        },
      },
    },
    '/items': {
      get: {
        operationId: 'listItems',
        parameters: [
          { name: 'cursor', in: 'query', schema: { type: 'string' } },
          { name: 'offset', in: 'query', schema: { type: 'integer' } },
          { name: 'limit', in: 'query', schema: { type: 'integer' } },
        ],
        responses: { '200': { description: 'ok' } },
      },
      post: {
        operationId: 'createItem',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
        },
        responses: { '201': { description: 'made' } },
      },
    },
    ...extra,
  },
  components: {
    schemas: { Item: { type: 'object', additionalProperties: false, properties: { name: { type: 'string' } } } },
  },
});

async function connection(id = 'items') {
  const r = await api.call('POST', '/api/connections', {
    id,
    name: id,
    baseUrl: stub.url,
    auth: { type: 'none' },
    allowPrivate: true,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

async function runStep(config: Record<string, unknown>) {
  const id = `op-${Math.random().toString(36).slice(2, 8)}`;
  const def = flow(
    id,
    { in: n.manual(), out: { type: 'connector.http.operation', config: { retry: { maxAttempts: 1 }, ...config } } },
    ['in>out'],
  );
  const w = api.weft;
  await w.flows.create(def);
  const { version } = await w.flows.publish(id);
  await w.activate(id, version.version);
  const { runId } = await start(w, await w.engine.planFor(id, version.version), { id: '../admin?x=1#f' });
  const row = await finished(w, runId);
  const step = (await w.store.runs.steps(runId)).find((s) => s.nodeId === 'out');
  return { row, output: step?.output ? JSON.parse(step.output) : undefined, flowId: id };
}

describe('a connection OpenAPI document', () => {
  it('is stored, listed as operations with $refs resolved, read back and removed', async () => {
    await connection();
    const put = await api.call('PUT', '/api/connections/items/openapi', doc());
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.spec).toMatchObject({ version: 1, operations: 3 });
    const ops = await api.call('GET', '/api/connections/items/operations');
    const get = ops.body.operations.find((o: { operationId: string }) => o.operationId === 'getItem');
    expect(get).toMatchObject({ method: 'GET', path: '/items/{itemId}' });
    expect(get.parameters).toEqual([
      { name: 'itemId', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'expand', in: 'query', required: false, schema: { type: 'string' } },
    ]);
    expect(get.response.schema.properties.name).toEqual({ type: 'string' });
    expect((await api.call('GET', '/api/connections/items/openapi')).body.openapi).toBe('3.0.3');
    expect((await api.call('DELETE', '/api/connections/items/openapi')).status).toBe(204);
    expect((await api.call('GET', '/api/connections/items/operations')).status).toBe(404);
    const again = await api.call('PUT', '/api/connections/items/openapi', doc());
    expect(again.body.spec.version).toBe(2);
  });

  it('refuses a bad document with what is wrong, storing nothing', async () => {
    await connection();
    const noPaths = await api.call('PUT', '/api/connections/items/openapi', { openapi: '3.0.3', info: {} });
    expect(noPaths.status).toBe(400);
    expect(noPaths.body.error.message).toMatch(/not valid/);
    const swagger = await api.call('PUT', '/api/connections/items/openapi', { swagger: '2.0' });
    expect(swagger.body.error.message).toMatch(/^openapi: missing/);
    const yaml = await api.call('PUT', '/api/connections/items/openapi', 'openapi: [unclosed', {
      'content-type': 'application/yaml',
    });
    expect(yaml.status).toBe(400);
    expect((await api.call('GET', '/api/connections/items/openapi')).status).toBe(404);
  });

  it('is fetched from below the base URL, not from elsewhere', async () => {
    await connection();
    stub.respond('/openapi.json', { status: 200, body: doc() });
    const r = await api.call('POST', '/api/connections/items/openapi/fetch', { url: '/openapi.json' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.spec.source).toBe(`${stub.url}/openapi.json`);
    const away = await api.call('POST', '/api/connections/items/openapi/fetch', { url: 'http://example.com/x.json' });
    expect(away.status).toBe(400);
    expect(away.body.error.message).toMatch(/not below the connection's base URL/);
  });

  it('encodes a path parameter as one segment: the downstream sees ../ and ? encoded', async () => {
    await connection();
    await api.call('PUT', '/api/connections/items/openapi', doc());
    stub.respond('/items/..%2Fadmin%3Fx%3D1%23f', { status: 200, body: { name: 'found' } });
    const { row, output } = await runStep({
      connection: 'items',
      operation: 'getItem',
      params: { itemId: '=$trigger.body.id', expand: 'a b&c' },
    });
    expect(row.status, row.error ?? '').toBe('succeeded');
    expect(output).toEqual({ name: 'found' });
    expect(stub.requests.at(-1)?.path).toBe('/items/..%2Fadmin%3Fx%3D1%23f');
  });

  it('lists the steps a replacement would change or break, without storing it', async () => {
    await connection();
    await api.call('PUT', '/api/connections/items/openapi', doc());
    const { flowId } = await runStep({ connection: 'items', operation: 'createItem', body: { name: 'x' } });
    const changed = doc();
    delete (changed.paths as Record<string, unknown>)['/items/{itemId}'];
    (changed.components.schemas.Item.properties as Record<string, unknown>).size = { type: 'integer' };
    const dry = await api.call('PUT', '/api/connections/items/openapi?dryRun=true', changed);
    expect(dry.status).toBe(200);
    expect(dry.body.impact).toEqual([
      { flowId, version: 'draft', nodeId: 'out', operation: 'createItem', change: 'changed', what: ['body schema'] },
      { flowId, version: 1, nodeId: 'out', operation: 'createItem', change: 'changed', what: ['body schema'] },
    ]);
    expect((await api.call('GET', '/api/connections/items/operations')).body.version).toBe(1);
    const versions = await api.weft.store.flows.versions(flowId);
    expect(versions[0]?.specVersions).toEqual({ items: { version: 1, hash: expect.stringMatching(/^sha256:/) } });
  });

  it('static check: warns on empty required parameters and unknown body fields, errors on a missing operation', async () => {
    await connection();
    await api.call('PUT', '/api/connections/items/openapi', doc());
    const def = flow(
      'checked',
      {
        in: n.manual(),
        a: {
          type: 'connector.http.operation',
          config: { connection: 'items', operation: 'getItem', params: { itemId: '' } },
        },
        b: {
          type: 'connector.http.operation',
          config: { connection: 'items', operation: 'createItem', body: { nmae: 'x' } },
        },
        c: { type: 'connector.http.operation', config: { connection: 'items', operation: 'deleteAll' } },
      },
      ['in>a', 'a>b', 'b>c'],
    );
    await api.weft.flows.create(def);
    const problems = await api.weft.flows.validate('checked');
    const mine = problems.filter((p) => p.code === 'invalid_config').map((p) => [p.severity, p.nodeId, p.path]);
    expect(mine).toEqual([
      ['warning', 'a', 'config.params.itemId'],
      ['warning', 'b', 'config.body.nmae'],
      ['error', 'c', 'config.operation'],
    ]);
  });
});
