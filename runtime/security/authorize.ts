import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { timingSafeEqual } from 'node:crypto';
import { WeftError } from '../../shared/errors.ts';
import { roleAtLeast, type Principal } from '../../shared/identity.ts';
import { AuthError, type Identity, type SessionPrincipal } from './identity.ts';
import type { Access, RouteTable } from './route-roles.ts';
import { clientAddress } from './client-address.ts';
import type { DeniedRequests } from './denied-requests.ts';

export const SESSION_COOKIE = 'weft_session';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Who sent the request: a bearer API token, else the session cookie (one read of the store either way);
 * throws AuthError when neither holds.
 */
export async function authenticate(c: Context, identity: Identity): Promise<SessionPrincipal> {
  const header = c.req.header('authorization');
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new AuthError('the Authorization header must be "Bearer <token>"');
    return { ...(await identity.fromToken(m[1]!)), csrf: null };
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie) return identity.fromCookie(cookie);
  throw new AuthError('sign in, or send an API token as "Authorization: Bearer <token>"');
}

export interface AuthorizeOptions {
  /** Where refused requests are recorded (the audit log, rate-limited). */
  denials?: DeniedRequests;
  /** Take the caller's address from X-Forwarded-For (WEFT_TRUST_PROXY). */
  trustProxy?: boolean;
}

const DENIED: Record<string, number> = { unauthenticated: 401, forbidden: 403, csrf_failed: 403 };

/**
 * Runs before every /api route: looks up the access the route declares (`routes`), authenticates,
 * checks the CSRF token of cookie sessions on state-changing requests, and checks the role. A refusal
 * is recorded (denied-requests.ts) and answered 401 or 403 by the error handler.
 */
export function authorize(identity: Identity, routes: RouteTable, opts: AuthorizeOptions = {}): MiddlewareHandler {
  return async (c, next) => {
    const route = routes.match(c.req.method, c.req.path);
    c.set('route' as never, route.name as never);
    try {
      await checkAccess(c, identity, route.access);
    } catch (err) {
      const code = (err as WeftError).code;
      if (opts.denials && typeof code === 'string' && DENIED[code]) {
        const p = c.get('principal' as never) as SessionPrincipal | undefined;
        await opts.denials.record({
          address: clientAddress(c, opts.trustProxy ?? false),
          route: route.name,
          status: DENIED[code],
          code,
          reason: (err as Error).message,
          actor: p ? { kind: p.kind, id: p.id, name: p.name } : null,
        });
      }
      throw err;
    }
    await next();
  };
}

/** Sets the principal when the request may go on; throws AuthError or a forbidden or csrf_failed WeftError otherwise. */
async function checkAccess(c: Context, identity: Identity, access: Access): Promise<void> {
  if (access === 'public') {
    // Public routes still learn who is calling, when someone is (GET /api/auth/session).
    try {
      c.set('principal' as never, (await authenticate(c, identity)) as never);
    } catch {
      /* nobody, or a stale session: fine here */
    }
    return;
  }
  const p = await authenticate(c, identity);
  // Known from here on, so a refusal below names who was refused.
  c.set('principal' as never, p as never);
  if (p.kind === 'user' && !SAFE.has(c.req.method)) {
    const sent = c.req.header('x-csrf-token');
    if (!sent || !p.csrf || !sameSecret(sent, p.csrf))
      throw new WeftError('csrf_failed', 'the X-CSRF-Token header is missing or wrong; reload the designer');
  }
  if (access !== 'signed_in' && !roleAtLeast(p.role, access))
    throw new WeftError(
      'forbidden',
      `this needs the ${access} role; ${p.kind === 'user' ? 'you are' : 'this token is'} ${p.role}`,
    );
}

/** The principal authorize() found (only on routes that are not public). */
export function principalOf(c: Context): SessionPrincipal {
  const p = c.get('principal' as never) as SessionPrincipal | undefined;
  if (!p) throw new AuthError('not signed in');
  return p;
}

/** The route of the request as the route table names it ("POST /api/auth/login"), for records of refusals. */
export function routeNameOf(c: Context): string {
  return (c.get('route' as never) as string | undefined) ?? `${c.req.method} ${c.req.path}`;
}

/** Like principalOf, but null on public routes. */
export function maybePrincipal(c: Context): Principal | null {
  return (c.get('principal' as never) as Principal | undefined) ?? null;
}
