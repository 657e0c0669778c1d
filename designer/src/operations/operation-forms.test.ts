import { describe, expect, it } from 'vitest';
import type { Operation } from '../../../shared/openapi/operation.ts';
import { operationOutputExample } from './operation-examples.ts';
import { bodySchema, parametersSchema } from './operation-section.tsx';

const createProject: Operation = {
  operationId: 'createProject',
  method: 'POST',
  path: '/erp/customers/{customerId}/projects',
  summary: 'Create project',
  parameters: [
    { name: 'customerId', in: 'path', required: true, schema: { type: 'string' } },
    { name: 'dryRun', in: 'query', required: false, description: 'Only check.', schema: { type: 'boolean' } },
  ],
  requestBody: {
    required: true,
    schema: {
      type: 'object',
      required: ['code'],
      properties: { code: { type: 'string' }, budget: { type: 'number' } },
    },
  },
  response: {
    status: '201',
    schema: {
      type: 'object',
      properties: { id: { type: 'string', example: 'PRJ-1' }, items: { type: 'array', items: { type: 'integer' } } },
    },
  },
};

describe('the form of an API operation step', () => {
  it('has a field per parameter and per body field, marking the required ones and where each goes', () => {
    const params = parametersSchema(createProject);
    expect(Object.keys(params.properties ?? {})).toEqual(['customerId', 'dryRun']);
    expect(params.properties?.customerId).toMatchObject({
      type: 'string',
      title: 'customerId *',
      description: '(path parameter, required)',
    });
    expect(params.properties?.dryRun).toMatchObject({
      type: 'boolean',
      title: 'dryRun',
      description: 'Only check. (query parameter)',
    });
    const body = bodySchema(createProject)!;
    expect(body.properties?.code).toMatchObject({ type: 'string', title: 'code *' });
    expect(body.properties?.budget).toMatchObject({ type: 'number', title: 'budget' });
    expect(
      bodySchema({ ...createProject, requestBody: { required: true, schema: { type: 'array', items: {} } } })
        ?.properties,
    ).toHaveProperty('value');
    expect(bodySchema({ ...createProject, requestBody: undefined })).toBeNull();
  });

  it('offers what the step outputs by the response schema: the body, the whole answer, or the page items', () => {
    expect(operationOutputExample(createProject, {})).toEqual({ id: 'PRJ-1', items: [0] });
    expect(operationOutputExample(createProject, { fullResponse: true })).toEqual({
      status: 201,
      headers: {},
      body: { id: 'PRJ-1', items: [0] },
    });
    expect(operationOutputExample(createProject, { paging: { style: 'link', itemsPath: 'items' } })).toEqual([0]);
  });
});
