import { z } from '@hono/zod-openapi';
import { newApi, jsonBody, jsonContent, errors } from '../openapi.ts';
import { route } from '../route.ts';
import { User, UserList } from '../schemas/identity.ts';
import { principalOf } from '../../security/authorize.ts';
import { ROLES, emailSchema } from '../../../shared/identity.ts';
import type { Identity } from '../../security/identity.ts';

const idParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const role = z.enum(ROLES);

export function userRoutes({ identity }: { identity: Identity }) {
  const app = newApi();
  app.openapi(
    route({
      access: 'admin',
      method: 'get',
      path: '/users',
      tags: ['users'],
      operationId: 'listUsers',
      summary: 'Every user with role and state',
      responses: { 200: jsonContent(UserList, 'Users') },
    }),
    async (c) => c.json({ users: await identity.listUsers() }, 200),
  );

  app.openapi(
    route({
      access: 'admin',
      method: 'post',
      path: '/users',
      tags: ['users'],
      operationId: 'createUser',
      summary: 'Add a user with a role and an initial password',
      request: {
        body: jsonBody(
          z
            .object({ email: emailSchema, name: z.string().max(200).optional(), role, password: z.string().max(256) })
            .strict(),
        ),
      },
      responses: { 201: jsonContent(User, 'Created'), ...errors(400, 409) },
    }),
    async (c) => c.json(await identity.createUser(c.req.valid('json'), principalOf(c)), 201),
  );

  app.openapi(
    route({
      access: 'admin',
      method: 'patch',
      path: '/users/{id}',
      tags: ['users'],
      operationId: 'updateUser',
      summary:
        "Change a user's email, name, role or password, or disable them (their sessions end); the flows they created stay theirs",
      request: {
        params: idParam,
        body: jsonBody(
          z
            .object({
              email: emailSchema.optional(),
              name: z.string().max(200).optional(),
              role: role.optional(),
              password: z.string().max(256).optional(),
              disabled: z.boolean().optional(),
            })
            .strict(),
        ),
      },
      responses: { 200: jsonContent(User, 'Changed'), ...errors(400, 404, 409) },
    }),
    async (c) => {
      const { after } = await identity.updateUser(c.req.valid('param').id, c.req.valid('json'), principalOf(c));
      return c.json(after, 200);
    },
  );
  return app;
}
