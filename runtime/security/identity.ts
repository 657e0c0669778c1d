import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../store/db.ts';
import { users, sessions } from '../store/schema.ts';
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

const userView = (u: typeof users.$inferSelect): UserView => ({
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

/**
 * Users, sign-in sessions and API tokens. Secrets are kept only as hashes. Every change is one
 * transaction with its audit entry; `actor` is who made it (null: the runtime itself).
 */
export class Identity {
  private readonly tokens: ApiTokens;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
    private readonly sessionMs = 12 * 3600_000,
    /** scrypt cost of new password hashes. */
    private readonly passwordCost: PasswordCost = PASSWORD_COST,
  ) {
    this.tokens = new ApiTokens(db, audit, now);
  }

  /** True until the first user exists: the designer then offers the owner set-up. */
  setupNeeded(): boolean {
    return this.db.select({ n: sql<number>`count(*)` }).from(users).get()!.n === 0;
  }

  /** WEFT_BOOTSTRAP_TOKEN on an empty database (no user, no token): an admin token with exactly that value. */
  bootstrap(token: string): boolean {
    if (!this.setupNeeded() || this.tokens.count() > 0) return false;
    if (token.length < 16) throw new Error('WEFT_BOOTSTRAP_TOKEN must have at least 16 characters');
    this.tokens.insert('bootstrap', 'admin', token, null, null, { source: 'WEFT_BOOTSTRAP_TOKEN', role: 'admin' });
    return true;
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
    if (!this.setupNeeded()) throw new WeftError(ErrorCodes.conflict, 'Weft is already set up; sign in instead');
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
    return this.write(() => {
      // Checked again in the transaction: another set-up may have finished while the password was hashed.
      if (owner && !this.setupNeeded())
        throw new WeftError(ErrorCodes.conflict, 'Weft is already set up; sign in instead');
      this.refuseTakenEmail(email);
      const row = {
        id: newId('usr', this.now()),
        email,
        name: input.name?.trim() || email,
        role: input.role,
        passwordHash,
        createdAt: this.now(),
        disabledAt: null,
      };
      this.db.insert(users).values(row).run();
      const user = userView(row);
      this.audit.record({
        actor: actorOf(user),
        action: 'user.created',
        target: user.id,
        after: user,
        detail: owner ? { owner: true } : undefined,
      });
      return user;
    });
  }

  private refuseTakenEmail(email: string, except?: string): void {
    const taken = this.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
    if (taken && taken.id !== except) throw new WeftError(ErrorCodes.conflict, `a user with email ${email} exists`);
  }

  listUsers(): UserView[] {
    return this.db.select().from(users).orderBy(users.createdAt).all().map(userView);
  }

  user(id: string): UserView | null {
    const u = this.db.select().from(users).where(eq(users.id, id)).get();
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
    return this.write(() => {
      const before = this.user(id);
      if (!before) throw new WeftError(ErrorCodes.notFound, `user ${id} not found`);
      const set: Partial<typeof users.$inferInsert> = {};
      if (patch.email !== undefined) {
        set.email = patch.email.toLowerCase();
        this.refuseTakenEmail(set.email, id);
      }
      if (patch.name !== undefined) set.name = patch.name.trim() || (set.email ?? before.email);
      if (patch.role !== undefined) set.role = patch.role;
      if (patch.disabled !== undefined) set.disabledAt = patch.disabled ? (before.disabledAt ?? this.now()) : null;
      if (passwordHash !== undefined) set.passwordHash = passwordHash;
      const demotes = (set.role && set.role !== 'admin') || set.disabledAt;
      if (before.role === 'admin' && demotes && this.activeAdmins() <= 1 && this.tokens.liveAdmins() === 0)
        throw new WeftError(ErrorCodes.conflict, 'this is the last admin; make someone else admin first');
      if (Object.keys(set).length) this.db.update(users).set(set).where(eq(users.id, id)).run();
      if (set.disabledAt || set.passwordHash || set.role) this.db.delete(sessions).where(eq(sessions.userId, id)).run();
      const after = this.user(id)!;
      this.audit.record({
        actor,
        action: userAction(before, patch),
        target: id,
        before,
        after,
        detail: patch.password !== undefined ? { passwordReset: true } : undefined,
      });
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
    const row = this.db.select().from(users).where(eq(users.id, user.id)).get();
    const ok = await verifyPassword(current, row?.passwordHash ?? dummyHash(this.passwordCost));
    if (!row || !ok || row.disabledAt) {
      const err = new AuthError(row?.disabledAt ? 'this user is disabled' : 'wrong email or password');
      this.loginFailed(row?.email ?? user.name, err, address);
      throw err;
    }
    const passwordHash = await hashPassword(next, this.passwordCost);
    this.write(() => {
      this.db.update(users).set({ passwordHash }).where(eq(users.id, user.id)).run();
      this.db.delete(sessions).where(eq(sessions.userId, user.id)).run();
      this.audit.record({ actor: user, action: 'user.password_changed', target: user.id });
    });
  }

  private activeAdmins(): number {
    return this.db
      .select({ n: sql<number>`count(*)` })
      .from(users)
      .where(and(eq(users.role, 'admin'), isNull(users.disabledAt)))
      .get()!.n;
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
    const u = this.db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).get();
    const ok = await verifyPassword(password, u?.passwordHash ?? dummyHash(this.passwordCost));
    const refused = !u || !ok ? 'wrong email or password' : u.disabledAt ? 'this user is disabled' : null;
    if (!u || refused) {
      const err = new AuthError(refused ?? 'wrong email or password');
      this.loginFailed(email, err, address);
      throw err;
    }
    const cookie = secret();
    const csrf = secret();
    const now = this.now();
    const expiresAt = now + this.sessionMs;
    this.write(() => {
      this.db.delete(sessions).where(lt(sessions.expiresAt, now)).run();
      this.db
        .insert(sessions)
        .values({ tokenHash: sha256(cookie), userId: u.id, csrf, createdAt: now, expiresAt })
        .run();
      this.audit.record({ actor: { kind: 'user', id: u.id, name: u.email }, action: 'auth.login', target: u.id });
    });
    return { cookie, csrf, user: userView(u), expiresAt };
  }

  private loginFailed(email: string, err: AuthError, address: string | null): void {
    this.audit.record({
      actor: null,
      action: 'auth.login_failed',
      target: email.trim().toLowerCase(),
      detail: { reason: err.message, ip: address },
    });
  }

  signOut(cookie: string): void {
    this.db
      .delete(sessions)
      .where(eq(sessions.tokenHash, sha256(cookie)))
      .run();
  }

  /** The user behind a session cookie; throws AuthError for an unknown, expired or disabled one. */
  fromCookie(cookie: string): SessionPrincipal {
    const s = this.db
      .select()
      .from(sessions)
      .where(eq(sessions.tokenHash, sha256(cookie)))
      .get();
    if (!s) throw new AuthError('the session is not valid; sign in again');
    if (s.expiresAt <= this.now()) throw new AuthError('the session has expired; sign in again');
    const u = this.db.select().from(users).where(eq(users.id, s.userId)).get();
    if (!u || u.disabledAt) throw new AuthError('this user is disabled');
    return { kind: 'user', id: u.id, name: u.email, role: u.role, csrf: s.csrf };
  }

  // --- API tokens (api-tokens.ts) ---

  createToken(...args: Parameters<ApiTokens['create']>) {
    return this.tokens.create(...args);
  }

  listTokens(): ApiTokenView[] {
    return this.tokens.list();
  }

  revokeToken(id: string, actor: Actor | null = null): ApiTokenView {
    return this.tokens.revoke(id, actor);
  }

  fromToken(value: string): Principal {
    return this.tokens.fromToken(value);
  }

  /** One IMMEDIATE transaction: the change and its audit entry commit together. */
  private write<T>(fn: () => T): T {
    return this.db.transaction(() => fn(), { behavior: 'immediate' });
  }
}
