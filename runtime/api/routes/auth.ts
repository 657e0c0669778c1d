import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { setCookie, deleteCookie, getCookie } from 'hono/cookie';
import { newApi, jsonBody, jsonContent, errors, errorSchema } from '../openapi.ts';
import { route } from '../route.ts';
import { AuthStatus, Ok, Session, SignedIn } from '../schemas/identity.ts';
import { SESSION_COOKIE, principalOf, maybePrincipal, routeNameOf } from '../../security/authorize.ts';
import { clientAddress } from '../../security/client-address.ts';
import type { Identity, SessionPrincipal } from '../../security/identity.ts';
import type { SignInThrottle } from '../../security/sign-in-throttle.ts';
import type { DeniedRequests } from '../../security/denied-requests.ts';
import { WeftError, ErrorCodes } from '../../../shared/errors.ts';

const tags = ['auth'];
const email = z
  .string()
  .trim()
  .min(3)
  .max(254)
  .regex(/^[^@\s]+@[^@\s]+$/, 'must be an email address');
const password = z.string().min(1).max(256);

/** Secure cookies unless the request came over plain http on loopback-style setups (WEFT_COOKIE_SECURE decides). */
function secure(c: Context, mode: 'auto' | 'always' | 'never'): boolean {
  if (mode !== 'auto') return mode === 'always';
  return (c.req.header('x-forwarded-proto') ?? new URL(c.req.url).protocol.replace(':', '')) === 'https';
}

export interface AuthRouteDeps {
  identity: Identity;
  signInThrottle: SignInThrottle;
  deniedRequests: DeniedRequests;
  /** WEFT_TRUST_PROXY: the caller's address from X-Forwarded-For. */
  trustProxy: boolean;
  /** WEFT_COOKIE_SECURE */
  cookieSecure: 'auto' | 'always' | 'never';
}

export function authRoutes({ identity, signInThrottle, deniedRequests, trustProxy, cookieSecure }: AuthRouteDeps) {
  const app = newApi();
  /**
   * Checks a password with `check` under the sign-in throttle (429 with Retry-After once an account or
   * address failed too often); the identity service audits the outcome.
   */
  const throttled = async <T>(c: Context, mail: string, check: (address: string) => Promise<T>): Promise<T> => {
    const address = clientAddress(c, trustProxy);
    let attempt: Awaited<ReturnType<SignInThrottle['attempt']>>;
    try {
      attempt = await signInThrottle.attempt(mail, address);
    } catch (err) {
      const e = err as WeftError;
      await deniedRequests.record({
        address,
        route: routeNameOf(c),
        status: 429,
        code: e.code,
        reason: e.message,
        actor: null,
      });
      throw err;
    }
    const result = await check(address);
    await attempt.succeeded();
    return result;
  };
  const startSession = async (c: Context, mail: string, pass: string) => {
    const s = await throttled(c, mail, (address) => identity.signIn(mail, pass, address));
    setCookie(c, SESSION_COOKIE, s.cookie, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: secure(c, cookieSecure),
      expires: new Date(s.expiresAt),
    });
    return {
      principal: { kind: 'user' as const, id: s.user.id, name: s.user.email, role: s.user.role },
      csrfToken: s.csrf,
      setupNeeded: false,
    };
  };

  app.openapi(
    route({
      access: 'public',
      method: 'get',
      path: '/auth/status',
      tags,
      operationId: 'getAuthStatus',
      summary: 'Whether Weft still needs its owner set-up (no user yet)',
      responses: { 200: jsonContent(AuthStatus, 'Status') },
    }),
    async (c) => c.json({ setupNeeded: await identity.setupNeeded() }, 200),
  );

  app.openapi(
    route({
      access: 'public',
      method: 'post',
      path: '/auth/setup',
      tags,
      operationId: 'setUpOwner',
      summary: 'Create the owner (first admin) and sign in; refused once anyone exists',
      request: { body: jsonBody(z.object({ email, name: z.string().max(200).optional(), password }).strict()) },
      responses: { 201: jsonContent(SignedIn, 'Signed in as the owner'), ...errors(400, 409) },
    }),
    async (c) => {
      const b = c.req.valid('json');
      await identity.setupOwner(b);
      return c.json(await startSession(c, b.email, b.password), 201);
    },
  );

  app.openapi(
    route({
      access: 'public',
      method: 'post',
      path: '/auth/login',
      tags,
      operationId: 'signIn',
      summary: 'Sign in with email and password: sets the HttpOnly session cookie and returns the CSRF token',
      request: { body: jsonBody(z.object({ email: z.string().max(254), password }).strict()) },
      responses: {
        200: jsonContent(SignedIn, 'Signed in'),
        401: jsonContent(errorSchema, 'Wrong email or password'),
        429: jsonContent(
          errorSchema,
          'Too many failed sign-ins for this account or from this address; Retry-After says when to try again',
        ),
        ...errors(400),
      },
    }),
    async (c) => {
      const b = c.req.valid('json');
      return c.json(await startSession(c, b.email, b.password), 200);
    },
  );

  app.openapi(
    route({
      access: 'signed_in',
      method: 'post',
      path: '/auth/logout',
      tags,
      operationId: 'signOut',
      summary: 'End this session',
      responses: { 200: jsonContent(Ok, 'Signed out') },
    }),
    async (c) => {
      const cookie = getCookie(c, SESSION_COOKIE);
      if (cookie) await identity.signOut(cookie);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.json({ ok: true }, 200);
    },
  );

  app.openapi(
    route({
      access: 'public',
      method: 'get',
      path: '/auth/session',
      tags,
      operationId: 'getSession',
      security: [{}, { bearerToken: [] }, { sessionCookie: [] }],
      summary:
        'Who is signed in (or which token is used), with the CSRF token of a cookie session; principal null when nobody is',
      responses: { 200: jsonContent(Session, 'The caller, when someone is signed in or sends a token') },
    }),
    async (c) => {
      const p = maybePrincipal(c) as SessionPrincipal | null;
      if (!p) return c.json({ principal: null, csrfToken: null, setupNeeded: await identity.setupNeeded() }, 200);
      const { csrf, ...principal } = p;
      return c.json({ principal, csrfToken: csrf, setupNeeded: false }, 200);
    },
  );

  app.openapi(
    route({
      access: 'signed_in',
      method: 'post',
      path: '/auth/password',
      tags,
      operationId: 'changePassword',
      summary: 'Change your own password (other sessions end)',
      request: { body: jsonBody(z.object({ current: password, next: password }).strict()) },
      responses: {
        200: jsonContent(Ok, 'Changed'),
        429: jsonContent(
          errorSchema,
          'Too many failed attempts with the current password; Retry-After says when to try again',
        ),
        ...errors(400),
      },
    }),
    async (c) => {
      const p = principalOf(c);
      if (p.kind !== 'user') throw new WeftError(ErrorCodes.badRequest, 'API tokens have no password');
      const b = c.req.valid('json');
      await throttled(c, p.name, (address) => identity.changePassword(p, b.current, b.next, address));
      return c.json({ ok: true }, 200);
    },
  );
  return app;
}
