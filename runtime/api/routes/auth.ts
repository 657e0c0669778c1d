import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { setCookie, deleteCookie, getCookie } from 'hono/cookie';
import type { Weft } from '../../weft.ts';
import { newApi, jsonBody, jsonContent, errors, errorSchema } from '../openapi.ts';
import { route } from '../route.ts';
import { AuthStatus, Ok, Session, SignedIn } from '../schemas/identity.ts';
import { SESSION_COOKIE, principalOf, maybePrincipal, routeNameOf } from '../../security/authorize.ts';
import { clientAddress } from '../../security/client-address.ts';
import { AuthError, type SessionPrincipal } from '../../security/identity.ts';
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

export function authRoutes(weft: Weft) {
  const app = newApi();
  /** Checks a password under the sign-in throttle (429 with Retry-After once an account or address failed too often). */
  const checkPassword = async (c: Context, mail: string, pass: string) => {
    const address = clientAddress(c, weft.config.trustProxy);
    let attempt;
    try {
      attempt = weft.signInThrottle.attempt(mail, address);
    } catch (err) {
      const e = err as WeftError;
      weft.deniedRequests.record({
        address,
        route: routeNameOf(c),
        status: 429,
        code: e.code,
        reason: e.message,
        actor: null,
      });
      throw err;
    }
    try {
      const s = await weft.identity.signIn(mail, pass);
      attempt.succeeded();
      return s;
    } catch (err) {
      if (err instanceof AuthError)
        weft.audit.record({
          actor: null,
          action: 'auth.login_failed',
          target: mail.trim().toLowerCase(),
          detail: { reason: err.message, ip: address },
        });
      throw err;
    }
  };
  const startSession = async (c: Context, mail: string, pass: string) => {
    const s = await checkPassword(c, mail, pass);
    setCookie(c, SESSION_COOKIE, s.cookie, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: secure(c, weft.config.cookieSecure),
      expires: new Date(s.expiresAt),
    });
    weft.audit.record({
      actor: { kind: 'user', id: s.user.id, name: s.user.email },
      action: 'auth.login',
      target: s.user.id,
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
    (c) => c.json({ setupNeeded: weft.identity.setupNeeded() }, 200),
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
      const user = await weft.identity.setupOwner(b);
      weft.audit.record({
        actor: { kind: 'user', id: user.id, name: user.email },
        action: 'user.created',
        target: user.id,
        after: user,
        detail: { owner: true },
      });
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
    (c) => {
      const cookie = getCookie(c, SESSION_COOKIE);
      if (cookie) weft.identity.signOut(cookie);
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
    (c) => {
      const p = maybePrincipal(c) as SessionPrincipal | null;
      if (!p) return c.json({ principal: null, csrfToken: null, setupNeeded: weft.identity.setupNeeded() }, 200);
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
      await checkPassword(c, p.name, b.current);
      await weft.identity.updateUser(p.id, { password: b.next });
      weft.audit.record({ actor: p, action: 'user.password_changed', target: p.id });
      return c.json({ ok: true }, 200);
    },
  );
  return app;
}
