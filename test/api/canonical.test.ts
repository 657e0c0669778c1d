import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import { testWeft } from '../support/weft.ts';
import { client } from '../support/api.ts';
import { canonicalSchemas } from '../../shared/canonical/index.ts';

let weft: Weft;
let call: ReturnType<typeof client>;

beforeAll(async () => {
  weft = await testWeft();
  call = client(weft);
});
afterAll(() => weft.close(100));

interface CanonicalItem {
  name: string;
  title: string;
  description: string;
  kind: 'model' | 'definitions';
  schema: Record<string, unknown>;
}

describe('API: canonical data model', () => {
  it('lists every canonical schema with its name, title, description and JSON Schema', async () => {
    const res = await call('GET', '/api/canonical-schemas');
    expect(res.status).toBe(200);
    const items = res.body.schemas as CanonicalItem[];
    expect(items.map((s) => s.name)).toEqual(Object.keys(canonicalSchemas));
    for (const s of items) {
      expect(s.schema.$id, s.name).toBe('canonical:' + s.name);
      expect(s.title, s.name).toBe(s.schema.title);
      expect(s.description, s.name).toBe(s.schema.description);
    }
    const project = items.find((s) => s.name === 'Project')!;
    expect(project.kind).toBe('model');
    expect(project.schema.required).toEqual(
      expect.arrayContaining(['code', 'customerId', 'budget', 'startDate', 'endDate']),
    );
    expect(items.find((s) => s.name === 'Common')).toMatchObject({
      kind: 'definitions',
      schema: { definitions: { Money: { type: 'string' } } },
    });
  });

  it("marks the validate node's schema and the map node's target as JSON Schemas in the node catalogue", async () => {
    const types = (await call('GET', '/api/node-types')).body.nodeTypes as Array<{
      type: string;
      configSchema: { properties: Record<string, Record<string, unknown>> };
    }>;
    const schemaField = types.find((t) => t.type === 'validate.schema')!.configSchema.properties.schema;
    expect(schemaField).toMatchObject({ 'x-weft-json-schema': true, type: 'object' });
    const marked = types.flatMap((t) =>
      Object.entries(t.configSchema.properties)
        .filter(([, p]) => p['x-weft-json-schema'])
        .map(([k]) => `${t.type}.${k}`),
    );
    expect(marked.sort()).toEqual(['map.jsonata.targetSchema', 'validate.schema.schema']);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await call('GET', '/api/openapi.json')).body;
    expect(doc.paths['/canonical-schemas'].get).toMatchObject({
      operationId: 'listCanonicalSchemas',
      'x-weft-access': 'analyst',
      responses: {
        200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/CanonicalSchemas' } } } },
      },
    });
  });

  it('accepts a flow whose validate node references a canonical model, and reports an unknown one by name', async () => {
    const flow = (id: string, schema: unknown) => ({
      id,
      name: 'Canonical check',
      schemaVersion: 1,
      nodes: [
        { id: 'in', type: 'trigger.manual', typeVersion: 1, name: 'Start', config: {} },
        { id: 'check', type: 'validate.schema', typeVersion: 1, name: 'Check', config: { schema } },
      ],
      edges: [{ id: 'e1', source: 'in', target: 'check' }],
    });
    expect(
      (
        await call(
          'POST',
          '/api/flows',
          flow('canonical-ok', { type: 'object', properties: { project: { $ref: 'canonical:Project' } } }),
        )
      ).status,
    ).toBe(201);
    expect((await call('POST', '/api/flows/canonical-ok/validate')).body).toEqual({
      valid: true,
      problems: [
        {
          severity: 'warning',
          code: 'unconnected_output',
          nodeId: 'check',
          message: 'nothing handles "invalid": invalid input will fail the run (code validation_failed)',
        },
      ],
    });
    expect((await call('POST', '/api/flows/canonical-ok/publish')).status).toBe(201);

    await call('POST', '/api/flows', flow('canonical-bad', { $ref: 'canonical:Projekt' }));
    const res = await call('POST', '/api/flows/canonical-bad/validate');
    expect(res.body.valid).toBe(false);
    expect(res.body.problems).toContainEqual(
      expect.objectContaining({ nodeId: 'check', message: expect.stringMatching(/unknown canonical model "Projekt"/) }),
    );
  });
});
