import { describe, it, expect } from 'vitest';
import http from './http.node.ts';
import { makeTestContext } from '../testing.ts';
import type { HttpRequest, ResolvedConnection } from '../define-node.ts';

/** Runs the node against a client that records the request and answers 200 {}. */
async function sent(config: Record<string, unknown>, connection?: ResolvedConnection): Promise<HttpRequest> {
  const requests: HttpRequest[] = [];
  const ctx = makeTestContext({
    http: { request: async (req) => (requests.push(req), { status: 200, headers: {}, body: '{}' }) },
    ...(connection ? { connection: async () => connection } : {}),
  });
  await http.execute(ctx, {}, http.config.parse(config));
  return requests[0]!;
}

const failure = (config: Record<string, unknown>) =>
  sent(config).then(
    () => null,
    (e: { code: string; message: string }) => `${e.code}: ${e.message}`,
  );

describe('connector.http path parameters', () => {
  it('keeps a hostile value inside its path segment', async () => {
    const req = await sent({
      url: 'https://crm.example.com/v1/contacts/{id}',
      pathParams: { id: '../../admin/users?x=' },
    });
    expect(req.url).toBe('https://crm.example.com/v1/contacts/..%2F..%2Fadmin%2Fusers%3Fx%3D');
  });

  it('fills several placeholders, numbers and text outside ASCII included', async () => {
    const req = await sent({
      url: 'https://billing.example.com/api/accounts/{account}/lines/{line}',
      pathParams: { account: 'ACME 01/ü', line: 42 },
    });
    expect(req.url).toBe('https://billing.example.com/api/accounts/ACME%2001%2F%C3%BC/lines/42');
  });

  it('works on a path below a connection', async () => {
    const req = await sent(
      { connection: 'crm', url: '/v1/contacts/{id}', pathParams: { id: 'a#b' } },
      {
        id: 'crm',
        baseUrl: 'https://crm.example.com/api',
        headers: {},
        guard: { key: 'connection:crm', rateLimit: null },
        allowPrivate: false,
      },
    );
    expect(req.url).toBe('https://crm.example.com/api/v1/contacts/a%23b');
  });

  it('refuses values that would leave or drop their segment', async () => {
    for (const id of ['..', '.', ''])
      expect(
        await failure({ url: 'https://crm.example.com/v1/contacts/{id}', pathParams: { id } }),
        JSON.stringify(id),
      ).toMatch(/^invalid_config: pathParams\.id /);
  });

  it('says which placeholder has no value, and which value has no placeholder', () => {
    const missing = http.config.safeParse({ url: 'https://crm.example.com/v1/contacts/{id}' });
    expect(missing.error?.issues[0]).toMatchObject({ path: ['pathParams'], message: expect.stringMatching(/\{id\}/) });
    const unused = http.config.safeParse({ url: 'https://crm.example.com/v1/contacts', pathParams: { id: 1 } });
    expect(unused.error?.issues[0]).toMatchObject({
      path: ['pathParams', 'id'],
      message: expect.stringMatching(/\{id\}/),
    });
  });
});

describe('connector.http query parameters', () => {
  it('appends encoded values, a list as repeated parameters', async () => {
    const req = await sent({
      url: 'https://erp.example.com/api/projects?active=1',
      query: { status: 'open&x=1', tag: ['a b', 'c'], n: 3, f: false },
    });
    expect(req.url).toBe('https://erp.example.com/api/projects?active=1&status=open%26x%3D1&tag=a+b&tag=c&n=3&f=false');
  });
});
