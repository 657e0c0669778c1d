import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { openDb } from '../store/db.ts';
import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { AuditLog } from './audit.ts';
import { Identity } from './identity.ts';

const CHEAP = { N: 1024, r: 8, p: 1 };
const admin = { kind: 'user' as const, id: 'usr_root', name: 'root@firm.test' };

let store: SqliteStore;
let audit: AuditLog;
let identity: Identity;
let now = 1_700_000_000_000;

beforeEach(() => {
  store = new SqliteStore(openDb({ file: ':memory:' }));
  audit = new AuditLog(store, () => now);
  identity = new Identity(store, audit, () => now, 3600_000, CHEAP);
});
afterEach(() => store.close());

const actions = async () => (await audit.list()).map((e) => e.action).reverse();

describe('Identity over the store', () => {
  it('sets up one owner even when two set-ups race; the loser is refused and leaves no trace', async () => {
    expect(await identity.setupNeeded()).toBe(true);
    const results = await Promise.allSettled([
      identity.setupOwner({ email: 'Owner@Firm.test', password: 'a long enough secret' }),
      identity.setupOwner({ email: 'other@firm.test', password: 'another long secret' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'conflict' } });
    expect(await identity.setupNeeded()).toBe(false);
    expect(await identity.listUsers()).toHaveLength(1);
    expect(await actions()).toEqual(['user.created']);
    expect(await audit.verify()).toMatchObject({ ok: true, entries: 1 });
  });

  it('signs in, resolves the cookie in one read, signs out; wrong passwords are audited', async () => {
    await identity.createUser({ email: 'ana@firm.test', role: 'operator', password: 'operator password' });
    await expect(identity.signIn('ana@firm.test', 'wrong password', '203.0.113.7')).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    const s = await identity.signIn(' ANA@firm.test ', 'operator password');
    expect(await identity.fromCookie(s.cookie)).toMatchObject({
      kind: 'user',
      name: 'ana@firm.test',
      role: 'operator',
      csrf: s.csrf,
    });
    await identity.signOut(s.cookie);
    await expect(identity.fromCookie(s.cookie)).rejects.toThrow(/not valid/);
    const again = await identity.signIn('ana@firm.test', 'operator password');
    now += 3600_000;
    await expect(identity.fromCookie(again.cookie)).rejects.toThrow(/expired/);
    expect(await actions()).toEqual(['user.created', 'auth.login_failed', 'auth.login', 'auth.login']);
    expect((await audit.list({ action: 'auth.login_failed' }))[0]!.detail).toEqual({
      reason: 'wrong email or password',
      ip: '203.0.113.7',
    });
  });

  it('disabling a user or changing a password ends their sessions; the last admin cannot be demoted', async () => {
    const root = await identity.createUser({ email: 'root@firm.test', role: 'admin', password: 'admin password!' });
    const op = await identity.createUser({ email: 'op@firm.test', role: 'operator', password: 'operator password' });
    const s = await identity.signIn('op@firm.test', 'operator password');
    await identity.updateUser(op.id, { disabled: true }, admin);
    await expect(identity.fromCookie(s.cookie)).rejects.toThrow();
    await expect(identity.signIn('op@firm.test', 'operator password')).rejects.toThrow(/disabled/);

    const r = await identity.signIn('root@firm.test', 'admin password!');
    const self = { kind: 'user' as const, id: root.id, name: root.email };
    await expect(identity.changePassword(self, 'not my password', 'a brand new password')).rejects.toThrow(/wrong/);
    await identity.changePassword(self, 'admin password!', 'a brand new password');
    await expect(identity.fromCookie(r.cookie)).rejects.toThrow(/not valid/);
    await expect(identity.updateUser(root.id, { role: 'analyst' }, admin)).rejects.toThrow(/last admin/);
    // An admin token keeps the installation administrable.
    await identity.createToken('automation', 'admin', admin, null);
    expect((await identity.updateUser(root.id, { role: 'analyst' }, admin)).after.role).toBe('analyst');
  });

  it('refuses a taken email, inside the write, when two users are created at once', async () => {
    const results = await Promise.allSettled([
      identity.createUser({ email: 'bo@firm.test', role: 'analyst', password: 'analyst password' }),
      identity.createUser({ email: 'BO@firm.test', role: 'operator', password: 'operator password' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await identity.listUsers()).toHaveLength(1);
  });

  it('API tokens: a bootstrap token only on an empty database; revoked and expired ones are refused', async () => {
    expect(await identity.bootstrap('bootstrap-value-for-automation')).toBe(true);
    expect(await identity.bootstrap('another-value-for-automation')).toBe(false);
    expect(await identity.fromToken('bootstrap-value-for-automation')).toMatchObject({ kind: 'token', role: 'admin' });

    const { token, view } = await identity.createToken('ci', 'operator', admin, now + 60_000);
    const p = await identity.fromToken(token);
    expect(p).toEqual({ kind: 'token', id: view.id, name: 'ci', role: 'operator' });
    expect((await identity.listTokens()).find((t) => t.id === view.id)!.lastUsedAt).toBe(now);
    await expect(identity.revokeToken(view.id, p)).rejects.toThrow(/cannot revoke itself/);
    expect((await identity.revokeToken(view.id, admin)).revokedAt).toBe(now);
    await expect(identity.fromToken(token)).rejects.toThrow(/revoked/);
    await expect(identity.revokeToken('tok_none', admin)).rejects.toMatchObject({ code: 'not_found' });

    const late = await identity.createToken('late', 'analyst', admin, now + 1000);
    now += 1000;
    await expect(identity.fromToken(late.token)).rejects.toThrow(/expired/);
    await expect(identity.fromToken('weft_made-up')).rejects.toThrow(/not valid/);
    expect(await actions()).toEqual(['token.created', 'token.created', 'token.revoked', 'token.created']);
  });

  it('a change whose audit entry cannot be written does not happen', async () => {
    store.sqlite.exec(
      `CREATE TRIGGER audit_log_refuses BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log refuses entries'); END`,
    );
    await expect(
      identity.createUser({ email: 'cy@firm.test', role: 'analyst', password: 'analyst password' }),
    ).rejects.toThrow(/audit log refuses/);
    await expect(identity.createToken('ci', 'operator', admin, null)).rejects.toThrow(/audit log refuses/);
    expect(await identity.listUsers()).toEqual([]);
    expect(await identity.listTokens()).toEqual([]);
  });
});
