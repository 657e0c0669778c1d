import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { timingSafeEqual } from 'node:crypto';
import { WeftError } from '../../shared/errors.ts';
import { roleAtLeast, type Principal } from '../../shared/identity.ts';
import { AuthError, type Identity, type SessionPrincipal } from './identity.ts';
import { accessFor } from './route-roles.ts';

export const SESSION_COOKIE = 'weft_session';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Who sent the request: a bearer API token, else the session cookie; throws AuthError when neither holds. */
export function authenticate(c: Context, identity: Identity): SessionPrincipal {
  const header = c.req.header('authorization');
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new AuthError('the Authorization header must be "Bearer <token>"');
    return { ...identity.fromToken(m[1]!), csrf: null };
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie) return identity.fromCookie(cookie);
  throw new AuthError('sign in, or send an API token as "Authorization: Bearer <token>"');
}

/**
 * Runs before every /api route: looks up the access the route needs (route-roles.ts), authenticates,
 * checks the CSRF token of cookie sessions on state-changing requests, and checks the role.
 */
export function authorize(identity: Identity): MiddlewareHandler {
  return async (c, next) => {
    const access = accessFor(c.req.method, c.req.path);
    if (access === 'public') {
      // Public routes still learn who is calling, when someone is (GET /api/auth/session).
      try {
        c.set('principal' as never, authenticate(c, identity) as never);
      } catch {
        /* nobody, or a stale session: fine here */
      }
      return next();
    }
    const p = authenticate(c, identity);
    if (p.kind === 'user' && !SAFE.has(c.req.method)) {
      const sent = c.req.header('x-csrf-token');
      if (!sent || !p.csrf || !sameSecret(sent, p.csrf)) throw new WeftError('csrf_failed', 'the X-CSRF-Token header is missing or wrong; reload the designer');
    }
    if (access !== 'signed_in' && !roleAtLeast(p.role, access))
      throw new WeftError('forbidden', `this needs the ${access} role; ${p.kind === 'user' ? 'you are' : 'this token is'} ${p.role}`);
    c.set('principal' as never, p as never);
    await next();
  };
}

/** The principal authorize() found (only on routes that are not public). */
export function principalOf(c: Context): SessionPrincipal {
  const p = c.get('principal' as never) as SessionPrincipal | undefined;
  if (!p) throw new AuthError('not signed in');
  return p;
}

/** Like principalOf, but null on public routes. */
export function maybePrincipal(c: Context): Principal | null {
  return (c.get('principal' as never) as Principal | undefined) ?? null;
}
