import { z } from 'zod';

/** Roles, each allowed everything the ones before it are. */
export const ROLES = ['analyst', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export const roleSchema = z.enum(ROLES);

/** Who a request comes from: a signed-in user or an API token. */
export const principalSchema = z.object({
  kind: z.enum(['user', 'token']),
  id: z.string(),
  name: z.string().describe('Email of a user, name of a token'),
  role: roleSchema,
});
export type Principal = z.infer<typeof principalSchema>;

export const userViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  createdAt: z.number().int(),
  disabledAt: z.number().int().nullable(),
});
export type UserView = z.infer<typeof userViewSchema>;

export const apiTokenViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema,
  prefix: z.string().describe('The first characters of the token, to recognise it'),
  createdBy: z.string().nullable(),
  createdAt: z.number().int(),
  expiresAt: z.number().int().nullable(),
  revokedAt: z.number().int().nullable(),
  lastUsedAt: z.number().int().nullable(),
});
export type ApiTokenView = z.infer<typeof apiTokenViewSchema>;

/**
 * GET /api/auth/session: the signed-in principal (null when nobody is) and, for a cookie session, the
 * token state-changing requests must echo in X-CSRF-Token; setupNeeded while no user exists.
 */
export const sessionViewSchema = z.object({
  principal: principalSchema.nullable(),
  csrfToken: z
    .string()
    .nullable()
    .describe('For a cookie session: the value state-changing requests send in X-CSRF-Token'),
  setupNeeded: z.boolean().describe('No user exists yet: the owner set-up is open'),
});
export type SessionView = z.infer<typeof sessionViewSchema>;

const SHAPE = 'must be an address like ann@example.com';
const LOCAL = /^[^\s@()<>[\]\\,;:"]{1,64}$/u;
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

/**
 * Why `email` is not an address a user can sign in with, or null when it is one: no control or
 * invisible formatting characters, no whitespace, and the shape name@domain.tld. The server checks it
 * before a user is stored; the designer may check it as the address is typed.
 */
export function emailProblem(email: string): string | null {
  if (/\p{C}/u.test(email)) return 'must not contain control characters';
  if (/[\s\p{Z}]/u.test(email)) return 'must not contain whitespace';
  if (email.length > 254) return 'must be at most 254 characters';
  const parts = email.split('@');
  if (parts.length !== 2) return SHAPE;
  const [local, domain] = parts as [string, string];
  if (!LOCAL.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return SHAPE;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^\d+$/.test(labels[labels.length - 1]!))
    return SHAPE;
  return null;
}

/** A user's email as the API accepts it (stored in lower case). */
export const emailSchema = z.string().superRefine((email, ctx) => {
  const problem = emailProblem(email);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
