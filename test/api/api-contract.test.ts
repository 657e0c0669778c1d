import { describe, expect, it } from 'vitest';
import { apiPerTest } from '../support/api.ts';

const api = apiPerTest();

describe('API contract', () => {
  it('testing a connection that does not exist answers 404 with the usual error body', async () => {
    const res = await api.call('POST', '/api/connections/nope/test', {});
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'connection "nope" not found' } });
  });

  it.each([
    ['PATCH', '/api/flows', 'GET, HEAD, POST'],
    ['DELETE', '/api/connections', 'GET, HEAD, POST'],
    ['PATCH', '/api/connections/erp', 'DELETE, GET, HEAD, PUT'],
    ['GET', '/api/connections/erp/test', 'POST'],
    ['PUT', '/api/flows/orders/publish', 'POST'],
    ['POST', '/api/openapi.json', 'GET, HEAD'],
  ])('%s %s answers 405 with the methods the path supports in Allow', async (method, path, allow) => {
    const res = await api.call(method, path, method === 'GET' ? undefined : {});
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allow);
    expect(res.body.error).toEqual({
      code: 'method_not_allowed',
      message: `${path} does not answer ${method}; it answers ${allow}`,
    });
  });

  it.each([
    ['GET', '/api/nope'],
    ['POST', '/api/flows/orders/nope'],
    ['GET', '/api/flows/orders/versions/1/extra'],
  ])('%s %s (no such path) still answers 404', async (method, path) => {
    const res = await api.call(method, path, method === 'GET' ? undefined : {});
    expect(res.status).toBe(404);
    expect(res.headers.get('allow')).toBeNull();
    expect(res.body.error.code).toBe('not_found');
  });

  it('every Allow lists only methods that path answers', async () => {
    const res = await api.call('PATCH', '/api/users');
    const allowed = res.headers.get('allow')!.split(', ');
    for (const method of allowed.filter((m) => m !== 'HEAD')) {
      const probe = await api.call(method, '/api/users', method === 'GET' ? undefined : {});
      expect(probe.status, method).not.toBe(405);
      expect(probe.status, method).not.toBe(404);
    }
  });
});
