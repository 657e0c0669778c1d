import { describe, expect, it } from 'vitest';
import { apiPerTest } from '../support/api.ts';

const api = apiPerTest();

const PASSWORD = 'Correct-Horse-9-battery';
const conn = (extra: Record<string, unknown> = {}, auth: Record<string, unknown> = { type: 'none' }) => ({
  id: 'erp',
  name: 'ERP',
  baseUrl: 'https://erp.example.com',
  auth,
  ...extra,
});

/** The 400 answer's first issue: its field path and message. */
function refusal(res: { status: number; body: any }) {
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('bad_request');
  return (
    res.body.error.details?.issues?.[0] ?? { path: res.body.error.details?.field, message: res.body.error.message }
  );
}

describe('values are checked when they are stored, not when they are used', () => {
  it.each([
    ['0/s', 'at least one request'],
    ['1/0s', 'interval of at least 1 ms'],
    ['5/0ms', 'interval of at least 1 ms'],
    ['99999999999999999999/1s', 'at most 1000000 requests'],
    ['1/999999999h', 'interval of at most 24h'],
    ['10 per second', 'requests/interval'],
  ])(
    'a connection rateLimit of %s is refused on create and on change, naming the field and why',
    async (rateLimit, why) => {
      const created = refusal(await api.call('POST', '/api/connections', conn({ rateLimit })));
      expect(created.path).toBe('rateLimit');
      expect(created.message).toContain(why);
      expect((await api.call('POST', '/api/connections', conn())).status).toBe(201);
      const changed = refusal(await api.call('PUT', '/api/connections/erp', conn({ rateLimit })));
      expect(changed).toMatchObject({ path: 'rateLimit', message: expect.stringContaining(why) });
    },
  );

  it('accepts the rate limits a connection can use', async () => {
    for (const [i, rateLimit] of ['100/60s', '10/s', '1/500ms', '3/2M', '1000000/24h'].entries()) {
      const res = await api.call('POST', '/api/connections', conn({ id: `c${i}`, rateLimit }));
      expect(res.status, rateLimit).toBe(201);
    }
  });

  it('refuses connection secrets and user names that cannot be sent in an HTTP header, and names with control characters', async () => {
    expect(
      refusal(await api.call('POST', '/api/connections', conn({}, { type: 'bearer', token: 'abc\r\nX-Injected: 1' }))),
    ).toMatchObject({ path: 'auth.token' });
    expect(
      refusal(await api.call('POST', '/api/connections', conn({}, { type: 'api_key', key: 'k\u0000' }))),
    ).toMatchObject({ path: 'auth.key' });
    expect(
      refusal(
        await api.call('POST', '/api/connections', conn({}, { type: 'basic', username: 'ann:admin', password: 'pw' })),
      ),
    ).toMatchObject({ path: 'auth.username', message: expect.stringContaining(':') });
    expect(refusal(await api.call('POST', '/api/connections', conn({ name: 'ERP\u0000' })))).toMatchObject({
      path: 'name',
      message: expect.stringContaining('control characters'),
    });
    expect(
      await api.call('POST', '/api/connections', conn({}, { type: 'api_key', key: 'key with-inner space' })),
    ).toMatchObject({ status: 201 });
  });

  it.each([
    ['a\u0000b@example.com', 'control characters'],
    ['ann@example.com\n', 'control characters'],
    ['ann\u0007@example.com', 'control characters'],
    ['ann\u202e@example.com', 'control characters'],
    ['ann lee@example.com', 'whitespace'],
    [' ann@example.com', 'whitespace'],
    ['ann@example.com\u00a0', 'whitespace'],
    ['ann.example.com', 'like ann@example.com'],
    ['ann@@example.com', 'like ann@example.com'],
    ['@example.com', 'like ann@example.com'],
    ['ann@', 'like ann@example.com'],
    ['ann@localhost', 'like ann@example.com'],
    ['ann@exa_mple.com', 'like ann@example.com'],
    ['ann@-example.com', 'like ann@example.com'],
    ['.ann@example.com', 'like ann@example.com'],
    ['ann..lee@example.com', 'like ann@example.com'],
    ['ann<x>@example.com', 'like ann@example.com'],
    [`${'a'.repeat(65)}@example.com`, 'like ann@example.com'],
    [`ann@${'a'.repeat(250)}.com`, 'at most 254'],
  ])('a user email %j is refused (%s)', async (email, why) => {
    const issue = refusal(await api.call('POST', '/api/users', { email, role: 'analyst', password: PASSWORD }));
    expect(issue.path).toBe('email');
    expect(issue.message).toContain(why);
    expect(await api.weft.identity.listUsers()).toEqual([]);
  });

  it('the same email rule holds for the owner set-up and anything else that stores a user', async () => {
    await expect(
      api.weft.identity.createUser({ email: 'ann\u0000@example.com', role: 'analyst', password: PASSWORD }),
    ).rejects.toMatchObject({ code: 'bad_request', details: { field: 'email' } });
    const setup = await api.call(
      'POST',
      '/api/auth/setup',
      { email: 'own\u0000er@example.com', password: PASSWORD },
      { authorization: '' },
    );
    expect(setup.status).toBe(400);
    expect(await api.weft.identity.setupNeeded()).toBe(true);
  });

  it('accepts plausible addresses, stored in lower case', async () => {
    for (const email of [
      'Ann.Lee+ops@Example.co.uk',
      "o'brien@firm.test",
      'jürgen@müller.example',
      'x@a-b.c1.example',
    ]) {
      const res = await api.call('POST', '/api/users', { email, role: 'analyst', password: PASSWORD });
      expect(res.status, email).toBe(201);
      expect(res.body.email).toBe(email.toLowerCase());
    }
  });

  it('refuses control characters in user and token names', async () => {
    expect(
      refusal(
        await api.call('POST', '/api/users', {
          email: 'ann@example.com',
          name: 'Ann\u0000',
          role: 'analyst',
          password: PASSWORD,
        }),
      ),
    ).toMatchObject({ path: 'name' });
    const ann = await api.call('POST', '/api/users', {
      email: 'ann@example.com',
      name: 'Ann',
      role: 'analyst',
      password: PASSWORD,
    });
    expect(refusal(await api.call('PATCH', `/api/users/${ann.body.id}`, { name: 'Ann\u001b[31m' }))).toMatchObject({
      path: 'name',
    });
    const token = await api.call('POST', '/api/tokens', { name: 'ci\u0000', role: 'analyst' });
    expect(token.status).toBe(400);
    expect(token.body.error.details).toMatchObject({ field: 'name' });
  });
});
