import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store, StoreParts } from '../store/ports.ts';
import type { TokenRow } from '../store/token-store.ts';
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

const tokenView = (t: TokenRow): ApiTokenView => ({
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

/** How long a token's last use may be out of date: it is written at most once a minute per token. */
const LAST_USED_EVERY_MS = 60_000;

/**
 * API tokens for the CLI and automation: each with a role, shown once, kept as a SHA-256 hash, revocable.
 * Creating and revoking one is a write with its audit entry.
 */
export class ApiTokens {
  constructor(
    private readonly store: Pick<Store, 'write' | 'tokens'>,
    private readonly audit: AuditLog,
    private readonly now: () => number,
  ) {}

  /** A new token; its value is returned this once and kept only as a hash. `detail` goes into its audit entry. */
  async create(
    name: string,
    role: Role,
    actor: Actor | null,
    expiresAt: number | null,
    detail?: Record<string, unknown>,
  ): Promise<{ token: string; view: ApiTokenView }> {
    refuse('name', nameProblem(name, 100) ?? (name.trim() === '' ? 'must not be empty' : null));
    const token = `weft_${secret()}`;
    const view = await this.store.write((tx) => this.insert(tx, name, role, token, actor, expiresAt, detail));
    return { token, view };
  }

  /** Stores a token with the value given (a new one, or WEFT_BOOTSTRAP_TOKEN) inside the write `tx`. */
  async insert(
    tx: Pick<StoreParts, 'tokens' | 'audit'>,
    name: string,
    role: Role,
    token: string,
    actor: Actor | null,
    expiresAt: number | null,
    detail?: Record<string, unknown>,
  ): Promise<ApiTokenView> {
    const row: TokenRow = {
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
    await tx.tokens.insert(row);
    const view = tokenView(row);
    await this.audit.record({ actor, action: 'token.created', target: view.id, after: view, detail }, tx);
    return view;
  }

  async list(): Promise<ApiTokenView[]> {
    return (await this.store.tokens.list()).map(tokenView);
  }

  /** Revokes a token (it stops working at once); a token cannot revoke itself. */
  async revoke(id: string, actor: Actor | null = null): Promise<ApiTokenView> {
    if (actor?.kind === 'token' && actor.id === id)
      throw new WeftError(ErrorCodes.conflict, 'a token cannot revoke itself; use another admin token or the designer');
    const at = this.now();
    return this.store.write(async (tx) => {
      if (!(await tx.tokens.byId(id))) throw new WeftError(ErrorCodes.notFound, `token ${id} not found`);
      await tx.tokens.revoke(id, at);
      const view = tokenView((await tx.tokens.byId(id))!);
      await this.audit.record({ actor, action: 'token.revoked', target: id, after: view }, tx);
      return view;
    });
  }

  /** The token behind a bearer value; throws AuthError for an unknown, revoked or expired one. */
  async fromToken(value: string): Promise<Principal> {
    const hash = sha256(value);
    const t = await this.store.tokens.byHash(hash);
    if (!t || !timingSafeEqual(Buffer.from(t.tokenHash), Buffer.from(hash)))
      throw new AuthError('the API token is not valid');
    if (t.revokedAt) throw new AuthError('the API token has been revoked');
    const now = this.now();
    if (t.expiresAt !== null && t.expiresAt <= now) throw new AuthError('the API token has expired');
    if (t.lastUsedAt === null || now - t.lastUsedAt > LAST_USED_EVERY_MS)
      await this.store.write((tx) => tx.tokens.touch(t.id, now, now - LAST_USED_EVERY_MS));
    return { kind: 'token', id: t.id, name: t.name, role: t.role };
  }
}
