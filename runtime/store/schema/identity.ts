import { ROLES } from '../../../shared/identity.ts';
import { index, integer, table, text } from './dialect.ts';

/** People who sign in to the designer. The password is kept only as a scrypt hash. */
export const users = table('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role', { enum: ROLES }).notNull(),
  passwordHash: text('password_hash').notNull(),
  createdAt: integer('created_at').notNull(),
  disabledAt: integer('disabled_at'),
});

/** Designer sign-ins. Only the SHA-256 of the cookie value is kept; `csrf` must come back in X-CSRF-Token. */
export const sessions = table(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id').notNull(),
    csrf: text('csrf').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/** Tokens for the CLI and automation: shown once, kept as a SHA-256 hash, revocable, each with a role. */
export const apiTokens = table('api_tokens', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  role: text('role', { enum: ROLES }).notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  /** The first characters of the token, to tell tokens apart in lists. */
  prefix: text('prefix').notNull(),
  createdBy: text('created_by'),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at'),
  revokedAt: integer('revoked_at'),
  lastUsedAt: integer('last_used_at'),
});

/**
 * Append-only record of changes and operator actions. Each entry's hash covers its content and the
 * previous entry's hash, so a changed or removed entry breaks the chain (`weft audit verify`).
 * Triggers refuse UPDATE and DELETE (and, in PostgreSQL, TRUNCATE): see the migrations.
 */
export const auditLog = table(
  'audit_log',
  {
    seq: integer('seq').primaryKey(),
    at: integer('at').notNull(),
    actorKind: text('actor_kind'),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    target: text('target'),
    before: text('before'),
    after: text('after'),
    detail: text('detail'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_at').on(t.at), index('audit_action').on(t.action, t.at)],
);

/** Failed sign-ins per account ("account:<email>") and per client address ("address:<ip>"), and until when sign-in is refused. */
export const signInThrottle = table(
  'sign_in_throttle',
  {
    key: text('key').primaryKey(),
    failures: integer('failures').notNull(),
    lastFailureAt: integer('last_failure_at').notNull(),
    blockedUntil: integer('blocked_until'),
  },
  (t) => [index('sign_in_throttle_last').on(t.lastFailureAt)],
);
