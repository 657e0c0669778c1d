import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import type { Access } from '../../runtime/security/route-roles.ts';
import { createApi, createApp } from '../../runtime/api/app.ts';
import { ROLES, roleAtLeast, type Role } from '../../shared/identity.ts';
import { testWeft } from '../support/weft.ts';
import { client } from '../support/api.ts';

/**
 * Every /api route (with the access it declares where it is defined) is called as every kind of
 * caller: nobody, a token and a cookie session of each role, an expired token, a revoked token, a
 * forged cookie — and, for state-changing routes, a cookie session without its CSRF token.
 */
let weft: Weft;
let call: ReturnType<typeof client>;
type Caller = { name: string; headers: Record<string, string>; role: Role | null; csrfOk: boolean };
const callers: Caller[] = [];

beforeAll(async () => {
  weft = await testWeft();
  call = client(weft);
  for (const role of ROLES) {
    const { token } = await weft.identity.createToken(`${role} token`, role, null, null);
    callers.push({ name: `${role} token`, headers: { authorization: `Bearer ${token}` }, role, csrfOk: true });
    await weft.identity.createUser({ email: `${role}@acl.test`, role, password: 'correct horse battery' });
    const s = await weft.identity.signIn(`${role}@acl.test`, 'correct horse battery');
    // (Before the session's own entry, which signs the session out at the end.)
    if (role === 'admin')
      callers.push({
        name: 'admin session without CSRF token',
        headers: { authorization: '', cookie: `weft_session=${s.cookie}` },
        role,
        csrfOk: false,
      });
    callers.push({
      name: `${role} session`,
      headers: { authorization: '', cookie: `weft_session=${s.cookie}`, 'x-csrf-token': s.csrf },
      role,
      csrfOk: true,
    });
  }
  const expired = await weft.identity.createToken('expired', 'admin', null, Date.now() - 1000);
  const revoked = await weft.identity.createToken('revoked', 'admin', null, null);
  await weft.identity.revokeToken(revoked.view.id);
  callers.push(
    { name: 'nobody', headers: { authorization: '' }, role: null, csrfOk: true },
    { name: 'expired token', headers: { authorization: `Bearer ${expired.token}` }, role: null, csrfOk: true },
    { name: 'revoked token', headers: { authorization: `Bearer ${revoked.token}` }, role: null, csrfOk: true },
    {
      name: 'made-up token',
      headers: { authorization: 'Bearer weft_not-a-real-token-at-all' },
      role: null,
      csrfOk: true,
    },
    {
      name: 'forged cookie',
      headers: { authorization: '', cookie: 'weft_session=forged-session-value' },
      role: null,
      csrfOk: true,
    },
  );
});
afterAll(() => weft.close(0));

function expected(access: Access, c: Caller, method: string): 'allowed' | 401 | 403 {
  if (access === 'public') return 'allowed';
  if (c.role === null) return 401;
  if (!c.csrfOk && method !== 'GET') return 403;
  if (access === 'signed_in') return 'allowed';
  return roleAtLeast(c.role, access) ? 'allowed' : 403;
}

const table = () => createApi(weft).routes.entries();

describe('route access', () => {
  it('every route the app answers under /api has declared who may call it, and the OpenAPI document says the same', async () => {
    const declared = new Map(table().map((e) => [e.key, e.access]));
    const served = createApp(weft)
      .routes.filter((r) => (r.path.startsWith('/api/') || r.path === '/readyz') && r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:([^/]+)/g, '{$1}')}`);
    expect(served.filter((key) => !declared.has(key))).toEqual([]);
    expect([...declared.keys()].filter((key) => !served.includes(key))).toEqual([]);

    const doc = (await call('GET', '/api/openapi.json')).body as {
      paths: Record<string, Record<string, { 'x-weft-access'?: Access; servers?: { url: string }[] }>>;
    };
    // An operation served outside /api names its own server.
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([m, op]) => {
        const server = op.servers?.[0]?.url.replace(/\/$/, '') ?? '/api';
        return [`${m.toUpperCase()} ${server}${path}`, op['x-weft-access']] as const;
      }),
    );
    expect(documented.length).toBe(declared.size - 1); // all but the document itself
    for (const [key, access] of documented) expect([key, access]).toEqual([key, declared.get(key)]);
    expect(declared.get('GET /api/openapi.json')).toBe('public');
    expect(declared.get('GET /readyz')).toBe('public');
  });

  it('every route, every caller: the expected 401, 403 or access', async () => {
    const wrong: string[] = [];
    let checked = 0;
    // Signing out ends the sessions the other calls use: it goes last.
    const entries = table().sort((a, b) => Number(a.key.endsWith('/logout')) - Number(b.key.endsWith('/logout')));
    for (const { key, access } of entries) {
      const [method, template] = key.split(' ') as [string, string];
      const path = template.replace('{version}', '1').replace(/\{[^}]+\}/g, 'acl-missing');
      for (const c of callers) {
        const res = await call(method, path, method === 'GET' || method === 'DELETE' ? undefined : {}, c.headers);
        const want = expected(access, c, method);
        const ok =
          want === 'allowed' ? res.status !== 401 && res.status !== 403 && res.status < 500 : res.status === want;
        if (!ok)
          wrong.push(
            `${key} as ${c.name}: ${res.status} ${JSON.stringify(res.body)?.slice(0, 160)} (expected ${want})`,
          );
        checked++;
      }
    }
    expect(wrong, `${wrong.length} of ${checked} calls answered wrongly`).toEqual([]);
    expect(checked).toBeGreaterThan(entries.length * 10);
  });

  it('a 401 and a 403 say what is wrong', async () => {
    const none = await call('GET', '/api/flows', undefined, { authorization: '' });
    expect(none.status).toBe(401);
    expect(none.body.error.message).toMatch(/sign in, or send an API token/);
    const analyst = callers.find((c) => c.name === 'analyst token')!;
    const denied = await call('POST', '/api/flows/x/publish', {}, analyst.headers);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({
      code: 'forbidden',
      message: 'this needs the operator role; this token is analyst',
    });
    const s = await weft.identity.signIn('admin@acl.test', 'correct horse battery');
    const noCsrf = await call('POST', '/api/flows', {}, { authorization: '', cookie: `weft_session=${s.cookie}` });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error).toMatchObject({ code: 'csrf_failed', message: expect.stringMatching(/X-CSRF-Token/) });
  });
});
