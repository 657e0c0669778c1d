import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../store/db.ts';
import { users, sessions, apiTokens } from '../store/schema.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import type { ApiTokenView, Principal, Role, UserView } from '../../shared/identity.ts';
import { emailProblem } from '../../shared/identity.ts';
import { nameProblem } from '../../shared/plain-text.ts';
import { hashPassword, verifyPassword, checkPasswordStrength, DUMMY_HASH } from './passwords.ts';
import { newId } from '../engine/ids.ts';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');
const secret = (bytes = 32) => randomBytes(bytes).toString('base64url');

export interface SessionPrincipal extends Principal {
  csrf: string | null;
}

export class AuthError extends WeftError {
  constructor(message: string) {
    super('unauthenticated', message);
  }
}

/** A value refused before it is stored: 400 naming the field and why. */
function refuse(field: string, problem: string | null): void {
  if (problem) throw new WeftError(ErrorCodes.badRequest, `${field} ${problem}`, { details: { field } });
}

const userView = (u: typeof users.$inferSelect): UserView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  createdAt: u.createdAt,
  disabledAt: u.disabledAt,
});
const tokenView = (t: typeof apiTokens.$inferSelect): ApiTokenView => ({
  id: t.id,
  name: t.name,
  role: t.role,
  prefix: t.prefix,
  createdBy: t.createdBy,
  createdAt: t.createdAt,
  expiresAt: t.expiresAt,
  revokedAt: t.revokedAt,
  lastUsedAt: t.lastUsedAt,
});

/** Users, sign-in sessions and API tokens. Secrets are kept only as hashes. */
export class Identity {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
    private readonly sessionMs = 12 * 3600_000,
  ) {}

  /** True until the first user exists: the designer then offers the owner set-up. */
  setupNeeded(): boolean {
    return this.db.select({ n: sql<number>`count(*)` }).from(users).get()!.n === 0;
  }

  /** WEFT_BOOTSTRAP_TOKEN on an empty database (no user, no token): an admin token with exactly that value. */
  bootstrap(token: string): boolean {
    if (!this.setupNeeded() || this.db.select({ n: sql<number>`count(*)` }).from(apiTokens).get()!.n > 0) return false;
    if (token.length < 16) throw new Error('WEFT_BOOTSTRAP_TOKEN must have at least 16 characters');
    this.insertToken('bootstrap', 'admin', token, null, null);
    return true;
  }

  // --- users ---

  async createUser(input: { email: string; name?: string; role: Role; password: string }): Promise<UserView> {
    refuse('email', emailProblem(input.email));
    if (input.name !== undefined) refuse('name', nameProblem(input.name, 200));
    const weak = checkPasswordStrength(input.password);
    if (weak) throw new WeftError(ErrorCodes.badRequest, weak, { details: { field: 'password' } });
    const email = input.email.toLowerCase();
    if (this.db.select().from(users).where(eq(users.email, email)).get())
      throw new WeftError(ErrorCodes.conflict, `a user with email ${email} exists`);
    const row = {
      id: newId('usr', this.now()),
      email,
      name: input.name?.trim() || email,
      role: input.role,
      passwordHash: await hashPassword(input.password),
      createdAt: this.now(),
      disabledAt: null,
    };
    this.db.insert(users).values(row).run();
    return userView(row);
  }

  /** The owner set-up: the first user, an admin, only while nobody exists. */
  async setupOwner(input: { email: string; name?: string; password: string }): Promise<UserView> {
    if (!this.setupNeeded()) throw new WeftError(ErrorCodes.conflict, 'Weft is already set up; sign in instead');
    return this.createUser({ ...input, role: 'admin' });
  }

  listUsers(): UserView[] {
    return this.db.select().from(users).orderBy(users.createdAt).all().map(userView);
  }

  user(id: string): UserView | null {
    const u = this.db.select().from(users).where(eq(users.id, id)).get();
    return u ? userView(u) : null;
  }

  /** Changes a user's name, role, password or disabled state; a disabled user's sessions end. Returns before and after. */
  async updateUser(
    id: string,
    patch: { name?: string; role?: Role; password?: string; disabled?: boolean },
  ): Promise<{ before: UserView; after: UserView }> {
    const before = this.user(id);
    if (!before) throw new WeftError(ErrorCodes.notFound, `user ${id} not found`);
    const set: Partial<typeof users.$inferInsert> = {};
    if (patch.name !== undefined) {
      refuse('name', nameProblem(patch.name, 200));
      set.name = patch.name.trim() || before.email;
    }
    if (patch.role !== undefined) set.role = patch.role;
    if (patch.disabled !== undefined) set.disabledAt = patch.disabled ? (before.disabledAt ?? this.now()) : null;
    if (patch.password !== undefined) {
      const weak = checkPasswordStrength(patch.password);
      if (weak) throw new WeftError(ErrorCodes.badRequest, weak, { details: { field: 'password' } });
      set.passwordHash = await hashPassword(patch.password);
    }
    const demotes = (set.role && set.role !== 'admin') || set.disabledAt;
    if (before.role === 'admin' && demotes && this.activeAdmins() <= 1 && this.liveAdminTokens() === 0)
      throw new WeftError(ErrorCodes.conflict, 'this is the last admin; make someone else admin first');
    if (Object.keys(set).length) this.db.update(users).set(set).where(eq(users.id, id)).run();
    if (set.disabledAt || set.passwordHash || set.role) this.db.delete(sessions).where(eq(sessions.userId, id)).run();
    return { before, after: this.user(id)! };
  }

  private activeAdmins(): number {
    return this.db
      .select({ n: sql<number>`count(*)` })
      .from(users)
      .where(and(eq(users.role, 'admin'), isNull(users.disabledAt)))
      .get()!.n;
  }

  private liveAdminTokens(): number {
    return this.db
      .select({ n: sql<number>`count(*)` })
      .from(apiTokens)
      .where(and(eq(apiTokens.role, 'admin'), isNull(apiTokens.revokedAt)))
      .get()!.n;
  }

  // --- sessions ---

  /** Checks email and password; returns the cookie value and the CSRF token of a new session. */
  async signIn(
    email: string,
    password: string,
  ): Promise<{ cookie: string; csrf: string; user: UserView; expiresAt: number }> {
    const u = this.db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).get();
    const ok = await verifyPassword(password, u?.passwordHash ?? DUMMY_HASH);
    if (!u || !ok) throw new AuthError('wrong email or password');
    if (u.disabledAt) throw new AuthError('this user is disabled');
    const cookie = secret();
    const csrf = secret();
    const now = this.now();
    const expiresAt = now + this.sessionMs;
    this.db.delete(sessions).where(lt(sessions.expiresAt, now)).run();
    this.db
      .insert(sessions)
      .values({ tokenHash: sha256(cookie), userId: u.id, csrf, createdAt: now, expiresAt })
      .run();
    return { cookie, csrf, user: userView(u), expiresAt };
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

  // --- API tokens ---

  /** A new token; its value is returned this once and kept only as a hash. */
  createToken(
    name: string,
    role: Role,
    createdBy: string | null,
    expiresAt: number | null,
  ): { token: string; view: ApiTokenView } {
    refuse('name', nameProblem(name, 100) ?? (name.trim() === '' ? 'must not be empty' : null));
    const token = `weft_${secret()}`;
    return { token, view: this.insertToken(name, role, token, createdBy, expiresAt) };
  }

  private insertToken(
    name: string,
    role: Role,
    token: string,
    createdBy: string | null,
    expiresAt: number | null,
  ): ApiTokenView {
    const row = {
      id: newId('tok', this.now()),
      name,
      role,
      tokenHash: sha256(token),
      prefix: token.slice(0, 9),
      createdBy,
      createdAt: this.now(),
      expiresAt,
      revokedAt: null,
      lastUsedAt: null,
    };
    this.db.insert(apiTokens).values(row).run();
    return tokenView(row);
  }

  listTokens(): ApiTokenView[] {
    return this.db.select().from(apiTokens).orderBy(apiTokens.createdAt).all().map(tokenView);
  }

  revokeToken(id: string): ApiTokenView {
    const t = this.db.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
    if (!t) throw new WeftError(ErrorCodes.notFound, `token ${id} not found`);
    if (!t.revokedAt) this.db.update(apiTokens).set({ revokedAt: this.now() }).where(eq(apiTokens.id, id)).run();
    return tokenView(this.db.select().from(apiTokens).where(eq(apiTokens.id, id)).get()!);
  }

  /** The token behind a bearer value; throws AuthError for an unknown, revoked or expired one. */
  fromToken(value: string): Principal {
    const hash = sha256(value);
    const t = this.db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hash)).get();
    if (!t || !timingSafeEqual(Buffer.from(t.tokenHash), Buffer.from(hash)))
      throw new AuthError('the API token is not valid');
    if (t.revokedAt) throw new AuthError('the API token has been revoked');
    const now = this.now();
    if (t.expiresAt !== null && t.expiresAt <= now) throw new AuthError('the API token has expired');
    if (t.lastUsedAt === null || now - t.lastUsedAt > 60_000)
      this.db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, t.id)).run();
    return { kind: 'token', id: t.id, name: t.name, role: t.role };
  }
}
