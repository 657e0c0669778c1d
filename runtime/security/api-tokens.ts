import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../store/db.ts';
import { apiTokens } from '../store/schema.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import type { ApiTokenView, Principal, Role } from '../../shared/identity.ts';
import { nameProblem } from '../../shared/plain-text.ts';
import { newId } from '../engine/ids.ts';
import type { Actor, AuditLog } from './audit.ts';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');
export const secret = (bytes = 32) => randomBytes(bytes).toString('base64url');

export class AuthError extends WeftError {
  constructor(message: string) {
    super('unauthenticated', message);
  }
}

/** A value refused before it is stored: 400 naming the field and why. */
export function refuse(field: string, problem: string | null): void {
  if (problem) throw new WeftError(ErrorCodes.badRequest, `${field} ${problem}`, { details: { field } });
}

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

/**
 * API tokens for the CLI and automation: each with a role, shown once, kept as a SHA-256 hash, revocable.
 * Creating and revoking one is a transaction with its audit entry.
 */
export class ApiTokens {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly now: () => number,
  ) {}

  /** A new token; its value is returned this once and kept only as a hash. `detail` goes into its audit entry. */
  create(
    name: string,
    role: Role,
    actor: Actor | null,
    expiresAt: number | null,
    detail?: Record<string, unknown>,
  ): { token: string; view: ApiTokenView } {
    refuse('name', nameProblem(name, 100) ?? (name.trim() === '' ? 'must not be empty' : null));
    const token = `weft_${secret()}`;
    return { token, view: this.insert(name, role, token, actor, expiresAt, detail) };
  }

  /** Stores a token with the value given (a new one, or WEFT_BOOTSTRAP_TOKEN). */
  insert(
    name: string,
    role: Role,
    token: string,
    actor: Actor | null,
    expiresAt: number | null,
    detail?: Record<string, unknown>,
  ): ApiTokenView {
    const row = {
      id: newId('tok', this.now()),
      name,
      role,
      tokenHash: sha256(token),
      prefix: token.slice(0, 9),
      createdBy: actor?.name ?? null,
      createdAt: this.now(),
      expiresAt,
      revokedAt: null,
      lastUsedAt: null,
    };
    return this.write(() => {
      this.db.insert(apiTokens).values(row).run();
      const view = tokenView(row);
      this.audit.record({ actor, action: 'token.created', target: view.id, after: view, detail });
      return view;
    });
  }

  list(): ApiTokenView[] {
    return this.db.select().from(apiTokens).orderBy(apiTokens.createdAt).all().map(tokenView);
  }

  /** Revokes a token (it stops working at once); a token cannot revoke itself. */
  revoke(id: string, actor: Actor | null = null): ApiTokenView {
    if (actor?.kind === 'token' && actor.id === id)
      throw new WeftError(ErrorCodes.conflict, 'a token cannot revoke itself; use another admin token or the designer');
    return this.write(() => {
      const t = this.db.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
      if (!t) throw new WeftError(ErrorCodes.notFound, `token ${id} not found`);
      if (!t.revokedAt) this.db.update(apiTokens).set({ revokedAt: this.now() }).where(eq(apiTokens.id, id)).run();
      const view = tokenView(this.db.select().from(apiTokens).where(eq(apiTokens.id, id)).get()!);
      this.audit.record({ actor, action: 'token.revoked', target: id, after: view });
      return view;
    });
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

  count(): number {
    return this.db.select({ n: sql<number>`count(*)` }).from(apiTokens).get()!.n;
  }

  /** Admin tokens not revoked (they keep the installation administrable when the last admin user goes). */
  liveAdmins(): number {
    return this.db
      .select({ n: sql<number>`count(*)` })
      .from(apiTokens)
      .where(and(eq(apiTokens.role, 'admin'), isNull(apiTokens.revokedAt)))
      .get()!.n;
  }

  private write<T>(fn: () => T): T {
    return this.db.transaction(() => fn(), { behavior: 'immediate' });
  }
}
