import { describe, expect, it } from 'vitest';
import { extractOperations } from './extract.ts';

describe('extractOperations', () => {
  it('reads a 3.0 document: path-level parameters, JSON body and the first 2xx JSON answer', () => {
    const ops = extractOperations({
      openapi: '3.0.3',
      paths: {
        '/contacts/{id}': {
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          put: {
            operationId: 'updateContact',
            summary: 'Change a contact',
            parameters: [
              { name: 'X-Trace', in: 'header', schema: { type: 'string' } },
              { name: 'session', in: 'cookie', schema: { type: 'string' } },
            ],
            requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
            responses: {
              '400': { description: 'bad' },
              '202': { description: 'accepted' },
              '200': {
                description: 'ok',
                content: { 'application/json': { schema: { type: 'object', nullable: true } } },
              },
            },
          },
        },
      },
    });
    expect(ops).toEqual([
      {
        operationId: 'updateContact',
        method: 'PUT',
        path: '/contacts/{id}',
        summary: 'Change a contact',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'X-Trace', in: 'header', required: false, schema: { type: 'string' } },
        ],
        requestBody: { required: true, schema: { type: 'object' } },
        response: { status: '200', schema: { type: 'object', nullable: true } },
      },
    ]);
  });

  it('reads a 3.1 document: type lists, +json media types, and "METHOD path" without an operationId', () => {
    const ops = extractOperations({
      openapi: '3.1.0',
      paths: {
        '/orders': {
          get: {
            parameters: [{ name: 'status', in: 'query', required: true, schema: { type: ['string', 'null'] } }],
            responses: {
              '2XX': { description: 'ok', content: { 'application/vnd.api+json': { schema: { type: 'array' } } } },
            },
          },
        },
      },
    });
    expect(ops).toEqual([
      {
        operationId: 'GET /orders',
        method: 'GET',
        path: '/orders',
        parameters: [{ name: 'status', in: 'query', required: true, schema: { type: ['string', 'null'] } }],
        response: { status: '2XX', schema: { type: 'array' } },
      },
    ]);
  });
});
