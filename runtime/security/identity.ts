import type { Store, StoreParts } from '../store/ports.ts';
import type { UserChange, UserRow } from '../store/identity-store.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import type { ApiTokenView, Principal, Role, UserView } from '../../shared/identity.ts';
import { emailProblem } from '../../shared/identity.ts';
import { nameProblem } from '../../shared/plain-text.ts';
import {
  hashPassword,
  verifyPassword,
  checkPasswordStrength,
  dummyHash,
  PASSWORD_COST,
  type PasswordCost,
} from './passwords.ts';
import { newId } from '../engine/ids.ts';
import type { Actor, AuditLog } from './audit.ts';
import { ApiTokens, AuthError, refuse, secret, sha256 } from './api-tokens.ts';

export { AuthError };

export interface SessionPrincipal extends Principal {
  csrf: string | null;
}

type Tx = Pick<StoreParts, 'identity' | 'tokens' | 'audit'>;

const userView = (u: UserRow): UserView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  createdAt: u.createdAt,
  disabledAt: u.disabledAt,
});

/** The action a change of a user is audited as. */
function userAction(before: UserView, patch: { role?: Role; disabled?: boolean }): string {
  if (patch.role && patch.role !== before.role) return 'user.role_changed';
  if (patch.disabled !== undefined) return patch.disabled ? 'user.disabled' : 'user.enabled';
  return 'user.updated';
}

const alreadySetUp = () => new WeftError(ErrorCodes.conflict, 'Weft is already set up; sign in instead');

/**
 * Users, sign-in sessions and API tokens. Secrets are kept only as hashes. Every change is one write
 * with its audit entry; `actor` is who made it (null: the runtime itself). Passwords are hashed before
 * the write, and what the change depends on is checked again inside it.
 */
export class Identity {
  private readonly tokens: ApiTokens;

  constructor(
    private readonly store: Pick<Store, 'write' | 'identity' | 'tokens'>,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
    private readonly sessionMs = 12 * 3600_000,
    /** scrypt cost of new password hashes. */
    private readonly passwordCost: PasswordCost = PASSWORD_COST,
  ) {
    this.tokens = new ApiTokens(store, audit, now);
  }

  /** True until the first user exists: the designer then offers the owner set-up. */
  async setupNeeded(): Promise<boolean> {
    return (await this.store.identity.countUsers()) === 0;
  }

  /** WEFT_BOOTSTRAP_TOKEN on an empty database (no user, no token): an admin token with exactly that value. */
  async bootstrap(token: string): Promise<boolean> {
    return this.store.write(async (tx) => {
      if ((await tx.identity.countUsers()) > 0 || (await tx.tokens.count()) > 0) return false;
      if (token.length < 16) throw new Error('WEFT_BOOTSTRAP_TOKEN must have at least 16 characters');
      const detail = { source: 'WEFT_BOOTSTRAP_TOKEN', role: 'admin' };
      await this.tokens.insert(tx, 'bootstrap', 'admin', token, null, null, detail);
      return true;
    });
  }

  // --- users ---

  async createUser(
    input: { email: string; name?: string; role: Role; password: string },
    actor: Actor | null = null,
  ): Promise<UserView> {
    return this.addUser(input, () => actor);
  }

  /** The owner set-up: the first user, an admin, only while nobody exists; audited as done by the owner. */
  async setupOwner(input: { email: string; name?: string; password: string }): Promise<UserView> {
    if (!(await this.setupNeeded())) throw alreadySetUp();
    return this.addUser({ ...input, role: 'admin' }, (u) => ({ kind: 'user', id: u.id, name: u.email }), true);
  }

  private async addUser(
    input: { email: string; name?: string; role: Role; password: string },
    actorOf: (u: UserView) => Actor | null,
    owner = false,
  ): Promise<UserView> {
    refuse('email', emailProblem(input.email));
    if (input.name !== undefined) refuse('name', nameProblem(input.name, 200));
    const weak = checkPasswordStrength(input.password);
    if (weak) throw new WeftError(ErrorCodes.badRequest, weak, { details: { field: 'password' } });
    const email = input.email.toLowerCase();
    const passwordHash = await hashPassword(input.password, this.passwordCost);
    const at = this.now();
    const row: UserRow = {
      id: newId('usr', at),
      email,
      name: input.name?.trim() || email,
      role: input.role,
      passwordHash,
      createdAt: at,
      disabledAt: null,
    };
    return this.store.write(async (tx) => {
      // Checked again in the write: another set-up may have finished while the password was hashed.
      if (owner && (await tx.identity.countUsers()) > 0) throw alreadySetUp();
      await refuseTakenEmail(tx, email);
      await tx.identity.insertUser(row);
      const user = userView(row);
      await this.audit.record(
        {
          actor: actorOf(user),
          action: 'user.created',
          target: user.id,
          after: user,
          detail: owner ? { owner: true } : undefined,
        },
        tx,
      );
      return user;
    });
  }

  async listUsers(): Promise<UserView[]> {
    return (await this.store.identity.listUsers()).map(userView);
  }

  async user(id: string): Promise<UserView | null> {
    const u = await this.store.identity.userById(id);
    return u ? userView(u) : null;
  }

  /**
   * Changes a user's email, name, role, password or disabled state; a disabled user's sessions end (and
   * every session, when the role or password changes). Returns before and after.
   */
  async updateUser(
    id: string,
    patch: { email?: string; name?: string; role?: Role; password?: string; disabled?: boolean },
    actor: Actor | null = null,
  ): Promise<{ before: UserView; after: UserView }> {
    if (patch.email !== undefined) refuse('email', emailProblem(patch.email));
    if (patch.name !== undefined) refuse('name', nameProblem(patch.name, 200));
    if (patch.password !== undefined) {
      const weak = checkPasswordStrength(patch.password);
      if (weak) throw new WeftError(ErrorCodes.badRequest, weak, { details: { field: 'password' } });
    }
    const passwordHash =
      patch.password === undefined ? undefined : await hashPassword(patch.password, this.passwordCost);
    const at = this.now();
    return this.store.write(async (tx) => {
      const row = await tx.identity.userById(id);
      if (!row) throw new WeftError(ErrorCodes.notFound, `user ${id} not found`);
      const before = userView(row);
      const set: UserChange = {};
      if (patch.email !== undefined) {
        set.email = patch.email.toLowerCase();
        await refuseTakenEmail(tx, set.email, id);
      }
      if (patch.name !== undefined) set.name = patch.name.trim() || (set.email ?? before.email);
      if (patch.role !== undefined) set.role = patch.role;
      if (patch.disabled !== undefined) set.disabledAt = patch.disabled ? (before.disabledAt ?? at) : null;
      if (passwordHash !== undefined) set.passwordHash = passwordHash;
      const demotes = (set.role && set.role !== 'admin') || set.disabledAt;
      if (before.role === 'admin' && demotes && (await lastAdmin(tx)))
        throw new WeftError(ErrorCodes.conflict, 'this is the last admin; make someone else admin first');
      await tx.identity.updateUser(id, set);
      if (set.disabledAt || set.passwordHash || set.role) await tx.identity.deleteSessionsOf(id);
      const after = userView((await tx.identity.userById(id))!);
      await this.audit.record(
        {
          actor,
          action: userAction(before, patch),
          target: id,
          before,
          after,
          detail: patch.password !== undefined ? { passwordReset: true } : undefined,
        },
        tx,
      );
      return { before, after };
    });
  }

  /**
   * A user changes their own password: a new one too weak is refused (400) before anything else; the
   * current one must be right (a wrong one is audited like a failed sign-in and refused with AuthError).
   * Every session of the user ends.
   */
  async changePassword(user: Actor, current: string, next: string, address: string | null = null): Promise<void> {
    const weak = checkPasswordStrength(next);
    if (weak) throw new WeftError(ErrorCodes.badRequest, weak, { details: { field: 'password' } });
    const row = await this.store.identity.userById(user.id);
    const ok = await verifyPassword(current, row?.passwordHash ?? dummyHash(this.passwordCost));
    if (!row || !ok || row.disabledAt) {
      const err = new AuthError(row?.disabledAt ? 'this user is disabled' : 'wrong email or password');
      await this.loginFailed(row?.email ?? user.name, err, address);
      throw err;
    }
    const passwordHash = await hashPassword(next, this.passwordCost);
    await this.store.write(async (tx) => {
      // The password checked must still be the user's: another change may have come in the meantime.
      if (!unchanged(row, await tx.identity.userById(user.id)))
        throw new AuthError('the user changed while the password was checked; try again');
      await tx.identity.updateUser(user.id, { passwordHash });
      await tx.identity.deleteSessionsOf(user.id);
      await this.audit.record({ actor: user, action: 'user.password_changed', target: user.id }, tx);
    });
  }

  // --- sessions ---

  /**
   * Checks email and password; returns the cookie value and the CSRF token of a new session. A refusal is
   * audited (auth.login_failed, with the caller's `address`), and so is the new session (auth.login).
   */
  async signIn(
    email: string,
    password: string,
    address: string | null = null,
  ): Promise<{ cookie: string; csrf: string; user: UserView; expiresAt: number }> {
    const u = await this.store.identity.userByEmail(email.trim().toLowerCase());
    const ok = await verifyPassword(password, u?.passwordHash ?? dummyHash(this.passwordCost));
    const refused = !u || !ok ? 'wrong email or password' : u.disabledAt ? 'this user is disabled' : null;
    if (!u || refused) {
      const err = new AuthError(refused ?? 'wrong email or password');
      await this.loginFailed(email, err, address);
      throw err;
    }
    const cookie = secret();
    const csrf = secret();
    const now = this.now();
    const expiresAt = now + this.sessionMs;
    await this.store.write(async (tx) => {
      // Disabled, or its password changed, while the password was checked: that ended its sessions.
      if (!unchanged(u, await tx.identity.userById(u.id)))
        throw new AuthError('the user changed while signing in; sign in again');
      await tx.identity.deleteExpiredSessions(now);
      await tx.identity.insertSession({ tokenHash: sha256(cookie), userId: u.id, csrf, createdAt: now, expiresAt });
      await this.audit.record(
        { actor: { kind: 'user', id: u.id, name: u.email }, action: 'auth.login', target: u.id },
        tx,
      );
    });
    return { cookie, csrf, user: userView(u), expiresAt };
  }

  private async loginFailed(email: string, err: AuthError, address: string | null): Promise<void> {
    await this.audit.record({
      actor: null,
      action: 'auth.login_failed',
      target: email.trim().toLowerCase(),
      detail: { reason: err.message, ip: address },
    });
  }

  async signOut(cookie: string): Promise<void> {
    const hash = sha256(cookie);
    await this.store.write((tx) => tx.identity.deleteSession(hash));
  }

  /** The user behind a session cookie (one read); throws AuthError for an unknown, expired or disabled one. */
  async fromCookie(cookie: string): Promise<SessionPrincipal> {
    const s = await this.store.identity.sessionUser(sha256(cookie));
    if (!s) throw new AuthError('the session is not valid; sign in again');
    if (s.expiresAt <= this.now()) throw new AuthError('the session has expired; sign in again');
    if (!s.userId || !s.email || !s.role || s.disabledAt) throw new AuthError('this user is disabled');
    return { kind: 'user', id: s.userId, name: s.email, role: s.role, csrf: s.csrf };
  }

  // --- API tokens (api-tokens.ts) ---

  createToken(...args: Parameters<ApiTokens['create']>) {
    return this.tokens.create(...args);
  }

  listTokens(): Promise<ApiTokenView[]> {
    return this.tokens.list();
  }

  revokeToken(id: string, actor: Actor | null = null): Promise<ApiTokenView> {
    return this.tokens.revoke(id, actor);
  }

  fromToken(value: string): Promise<Principal> {
    return this.tokens.fromToken(value);
  }
}

async function refuseTakenEmail(tx: Tx, email: string, except?: string): Promise<void> {
  const taken = await tx.identity.userByEmail(email);
  if (taken && taken.id !== except) throw new WeftError(ErrorCodes.conflict, `a user with email ${email} exists`);
}

/** Whether demoting or disabling an admin would leave no way to administer: no other admin, no admin token. */
async function lastAdmin(tx: Tx): Promise<boolean> {
  return (await tx.identity.activeAdmins()) <= 1 && (await tx.tokens.liveAdmins()) === 0;
}

/** The user as read before the password was checked is the user now: same password, still enabled. */
function unchanged(before: UserRow, now: UserRow | undefined): boolean {
  return !!now && now.passwordHash === before.passwordHash && !now.disabledAt;
}
