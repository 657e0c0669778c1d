import { z } from '@hono/zod-openapi';
import { named, orNull } from '../openapi.ts';
import { apiTokenViewSchema, principalSchema, sessionViewSchema, userViewSchema } from '../../../shared/identity.ts';

/** Response schemas of the sign-in, user and token routes. */
export const Principal = named(principalSchema, 'Principal');
export const User = named(userViewSchema, 'User');
export const ApiToken = named(apiTokenViewSchema, 'ApiToken');
export const Session = sessionViewSchema.extend({ principal: orNull(Principal) }).openapi('Session');

/** Signing in or setting up: the session that was started (its cookie is set in the same answer). */
export const SignedIn = Session.extend({
  principal: Principal,
  csrfToken: z.string(),
  setupNeeded: z.boolean().describe('false'),
}).openapi('SignedIn');

export const AuthStatus = z.object({ setupNeeded: z.boolean() }).openapi('AuthStatus');
export const Ok = z.object({ ok: z.boolean().describe('true') }).openapi('Ok');

export const UserList = z.object({ users: z.array(User) });
export const TokenList = z.object({ tokens: z.array(ApiToken) });
export const NewApiToken = ApiToken.extend({
  token: z.string().describe('The token (weft_…): shown in this answer only'),
}).openapi('NewApiToken');
