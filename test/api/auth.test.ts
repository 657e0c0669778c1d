import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import { testWeft } from '../support/weft.ts';
import { rows, value } from '../support/rows.ts';
import { client, type ApiResponse } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';

let weft: Weft;
let call: ReturnType<typeof client>;
const none = { authorization: '' };

function cookieOf(res: ApiResponse): string {
  const set = res.headers.get('set-cookie') ?? '';
  const m = /weft_session=([^;]+)/.exec(set);
  if (!m) throw new Error(`no session cookie in ${set}`);
  return m[1]!;
}

async function signIn(email: string, password: string) {
  const res = await call('POST', '/api/auth/login', { email, password }, none);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return {
    headers: { ...none, cookie: `weft_session=${cookieOf(res)}`, 'x-csrf-token': res.body.csrfToken as string },
    res,
  };
}

describe('sign-in, owner set-up and API tokens', () => {
  beforeEach(async () => {
    weft = await testWeft({ config: { bootstrapToken: null } });
    call = client(weft);
  });
  afterEach(() => weft.close(0));

  it('first start: the owner set-up creates the first admin and signs in; after that it is refused', async () => {
    expect((await call('GET', '/api/auth/status', undefined, none)).body).toEqual({ setupNeeded: true });
    const weak = await call('POST', '/api/auth/setup', { email: 'owner@firm.test', password: 'short' }, none);
    expect(weak.status).toBe(400);
    expect(weak.body.error.message).toMatch(/at least 10 characters/);

    const res = await call(
      'POST',
      '/api/auth/setup',
      { email: 'Owner@Firm.test', name: 'Olivia Owner', password: 'a long enough secret' },
      none,
    );
    expect(res.status).toBe(201);
    expect(res.body.principal).toMatchObject({ kind: 'user', name: 'owner@firm.test', role: 'admin' });
    const set = res.headers.get('set-cookie')!;
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(set).toMatch(/Path=\//);

    const session = { ...none, cookie: `weft_session=${cookieOf(res)}`, 'x-csrf-token': res.body.csrfToken };
    expect((await call('GET', '/api/auth/session', undefined, session)).body.principal.role).toBe('admin');
    expect((await call('GET', '/api/auth/status', undefined, none)).body).toEqual({ setupNeeded: false });
    const again = await call(
      'POST',
      '/api/auth/setup',
      { email: 'eve@evil.test', password: 'a long enough secret' },
      none,
    );
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already set up/);

    // The password is kept only as a scrypt hash (at the tests' cost; passwords.test.ts checks the product's).
    const stored = (await value<string>(weft, 'SELECT password_hash FROM users'))!;
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(stored).not.toContain('a long enough secret');
  });

  it('wrong passwords get one answer for unknown and known emails, and are audited', async () => {
    await weft.identity.createUser({ email: 'ana@firm.test', role: 'analyst', password: 'analyst password' });
    const wrong = await call('POST', '/api/auth/login', { email: 'ana@firm.test', password: 'not it at all' }, none);
    const unknown = await call(
      'POST',
      '/api/auth/login',
      { email: 'nobody@firm.test', password: 'not it at all' },
      none,
    );
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    const failures = await weft.audit.list({ action: 'auth.login_failed' });
    expect(failures.map((e) => e.target).sort()).toEqual(['ana@firm.test', 'nobody@firm.test']);
  });

  it('sign out ends the session; a disabled user is signed out everywhere; the last admin cannot be demoted', async () => {
    const admin = await weft.identity.createUser({
      email: 'adm@firm.test',
      role: 'admin',
      password: 'admin password!',
    });
    const op = await weft.identity.createUser({
      email: 'op@firm.test',
      role: 'operator',
      password: 'operator password',
    });
    const a = await signIn('adm@firm.test', 'admin password!');
    const o = await signIn('op@firm.test', 'operator password');
    expect((await call('GET', '/api/runs', undefined, o.headers)).status).toBe(200);

    const disable = await call('PATCH', `/api/users/${op.id}`, { disabled: true }, a.headers);
    expect(disable.status).toBe(200);
    expect((await call('GET', '/api/runs', undefined, o.headers)).status).toBe(401);
    expect(
      (await call('POST', '/api/auth/login', { email: 'op@firm.test', password: 'operator password' }, none)).status,
    ).toBe(401);

    const demote = await call('PATCH', `/api/users/${admin.id}`, { role: 'analyst' }, a.headers);
    expect(demote.status).toBe(409);
    expect(demote.body.error.message).toMatch(/last admin/);

    expect((await call('POST', '/api/auth/logout', {}, a.headers)).status).toBe(200);
    expect((await call('GET', '/api/auth/session', undefined, a.headers)).body).toEqual({
      principal: null,
      csrfToken: null,
      setupNeeded: false,
    });
    expect((await call('GET', '/api/flows', undefined, a.headers)).status).toBe(401);
    const actions = (await weft.audit.list({ actor: 'adm@firm.test' })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.login', 'user.disabled']));
  });

  it('API tokens: shown once, hashed at rest, carry a role, and stop working when revoked', async () => {
    await weft.identity.createUser({ email: 'adm@firm.test', role: 'admin', password: 'admin password!' });
    const a = await signIn('adm@firm.test', 'admin password!');
    const created = await call('POST', '/api/tokens', { name: 'ci', role: 'operator' }, a.headers);
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    expect(token).toMatch(/^weft_/);
    const list = await call('GET', '/api/tokens', undefined, a.headers);
    expect(JSON.stringify(list.body)).not.toContain(token);
    const dbText = JSON.stringify(await rows(weft, 'SELECT * FROM api_tokens'));
    expect(dbText).not.toContain(token);

    const bearer = { authorization: `Bearer ${token}` };
    const def = flow('tok', { in: n.manual(), out: n.map('$') }, ['in>out']);
    expect((await call('POST', '/api/flows', def, bearer)).status).toBe(201);
    expect((await call('POST', '/api/flows/tok/publish', {}, bearer)).status).toBe(201);
    expect((await call('GET', '/api/users', undefined, bearer)).status).toBe(403);
    expect((await weft.flows.versions('tok'))[0]!.createdBy).toBe('ci');

    expect((await call('DELETE', `/api/tokens/${created.body.id}`, undefined, a.headers)).status).toBe(200);
    const after = await call('GET', '/api/flows', undefined, bearer);
    expect(after.status).toBe(401);
    expect(after.body.error.message).toMatch(/revoked/);
  });

  it('WEFT_BOOTSTRAP_TOKEN makes an admin token on an empty database only', async () => {
    await weft.close(0);
    weft = await testWeft({ config: { bootstrapToken: 'bootstrap-value-for-automation' } });
    call = client(weft);
    const auth = { authorization: 'Bearer bootstrap-value-for-automation' };
    expect((await call('GET', '/api/users', undefined, auth)).status).toBe(200);
    expect((await call('GET', '/api/auth/status', undefined, none)).body.setupNeeded).toBe(true);
    expect(await weft.identity.bootstrap('another-value-for-automation')).toBe(false);
  });

  it('analysts read the live runs of the flows they created, not the others', async () => {
    await weft.identity.createUser({ email: 'ana@firm.test', role: 'analyst', password: 'analyst password' });
    const ana = await signIn('ana@firm.test', 'analyst password');
    const admin = { authorization: `Bearer ${(await weft.identity.createToken('admin', 'admin', null, null)).token}` };
    const mine = flow('mine', { in: n.manual(), out: n.map('$') }, ['in>out']);
    const theirs = flow('theirs', { in: n.manual(), out: n.map('$') }, ['in>out']);
    expect((await call('POST', '/api/flows', mine, ana.headers)).status).toBe(201);
    expect((await call('POST', '/api/flows', theirs, admin)).status).toBe(201);
    const ids: Record<string, string> = {};
    for (const id of ['mine', 'theirs']) {
      expect((await call('POST', `/api/flows/${id}/publish`, {}, admin)).status).toBe(201);
      await weft.activate(id, 1);
      ids[id] = (
        await weft.engine.startRun({
          plan: await weft.engine.planFor(id, 1),
          triggerNodeId: 'in',
          event: { body: { x: 1 } },
        })
      ).runId;
    }
    const listed = await call('GET', '/api/runs', undefined, ana.headers);
    expect(listed.body.runs.map((r: { flowId: string }) => r.flowId)).toEqual(['mine']);
    expect((await call('GET', `/api/runs/${ids.mine}`, undefined, ana.headers)).status).toBe(200);
    expect((await call('GET', `/api/runs/${ids.theirs}`, undefined, ana.headers)).status).toBe(403);
    expect((await call('GET', '/api/runs', undefined, admin)).body.runs).toHaveLength(2);
  });
});
