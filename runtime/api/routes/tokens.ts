import { z } from '@hono/zod-openapi';
import { newApi, jsonBody, jsonContent, errors } from '../openapi.ts';
import { route } from '../route.ts';
import { ApiToken, NewApiToken, TokenList } from '../schemas/identity.ts';
import { principalOf } from '../../security/authorize.ts';
import { ROLES } from '../../../shared/identity.ts';
import type { Identity } from '../../security/identity.ts';

const idParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export function tokenRoutes({ identity }: { identity: Identity }) {
  const app = newApi();
  app.openapi(
    route({
      access: 'admin',
      method: 'get',
      path: '/tokens',
      tags: ['users'],
      operationId: 'listTokens',
      summary: 'API tokens (never their values)',
      responses: { 200: jsonContent(TokenList, 'Tokens') },
    }),
    async (c) => c.json({ tokens: await identity.listTokens() }, 200),
  );

  app.openapi(
    route({
      access: 'admin',
      method: 'post',
      path: '/tokens',
      tags: ['users'],
      operationId: 'createToken',
      summary: 'Create an API token with a role; its value is in this answer only',
      request: {
        body: jsonBody(
          z
            .object({
              name: z.string().trim().min(1).max(100),
              role: z.enum(ROLES),
              expiresInDays: z.number().int().min(1).max(3650).optional(),
            })
            .strict(),
        ),
      },
      responses: { 201: jsonContent(NewApiToken, 'Created; the token value is in this answer only'), ...errors(400) },
    }),
    async (c) => {
      const b = c.req.valid('json');
      const expiresAt = b.expiresInDays ? Date.now() + b.expiresInDays * 86_400_000 : null;
      const { token, view } = await identity.createToken(b.name, b.role, principalOf(c), expiresAt);
      return c.json({ ...view, token }, 201);
    },
  );

  app.openapi(
    route({
      access: 'admin',
      method: 'delete',
      path: '/tokens/{id}',
      tags: ['users'],
      operationId: 'revokeToken',
      summary: 'Revoke an API token (it stops working at once)',
      request: { params: idParam },
      responses: { 200: jsonContent(ApiToken, 'Revoked'), ...errors(400, 404, 409) },
    }),
    async (c) => c.json(await identity.revokeToken(c.req.valid('param').id, principalOf(c)), 200),
  );
  return app;
}
