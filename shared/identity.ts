/** Roles, each allowed everything the ones before it are. */
export const ROLES = ['analyst', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** Who a request comes from: a signed-in user or an API token. */
export interface Principal {
  kind: 'user' | 'token';
  id: string;
  /** Email of a user, name of a token. */
  name: string;
  role: Role;
}

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: number;
  disabledAt: number | null;
}

export interface ApiTokenView {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdBy: string | null;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

/**
 * GET /api/auth/session: the signed-in principal (null when nobody is) and, for a cookie session, the
 * token state-changing requests must echo in X-CSRF-Token; setupNeeded while no user exists.
 */
export interface SessionView {
  principal: Principal | null;
  csrfToken: string | null;
  setupNeeded: boolean;
}
