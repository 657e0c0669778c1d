import { z } from '@hono/zod-openapi';
import type { Weft } from '../../weft.ts';
import { newApi, jsonBody, jsonContent, errors } from '../openapi.ts';
import { route } from '../route.ts';
import { User, UserList } from '../schemas/identity.ts';
import { principalOf } from '../../security/authorize.ts';
import { ROLES, emailSchema } from '../../../shared/identity.ts';

const idParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const role = z.enum(ROLES);

export function userRoutes(weft: Weft) {
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
    (c) => c.json({ users: weft.identity.listUsers() }, 200),
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
    async (c) => {
      const user = await weft.identity.createUser(c.req.valid('json'));
      weft.audit.record({ actor: principalOf(c), action: 'user.created', target: user.id, after: user });
      return c.json(user, 201);
    },
  );

  app.openapi(
    route({
      access: 'admin',
      method: 'patch',
      path: '/users/{id}',
      tags: ['users'],
      operationId: 'updateUser',
      summary: "Change a user's name, role or password, or disable them (their sessions end)",
      request: {
        params: idParam,
        body: jsonBody(
          z
            .object({
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
      const b = c.req.valid('json');
      const { before, after } = await weft.identity.updateUser(c.req.valid('param').id, b);
      weft.audit.record({
        actor: principalOf(c),
        action:
          b.role && b.role !== before.role
            ? 'user.role_changed'
            : b.disabled !== undefined
              ? b.disabled
                ? 'user.disabled'
                : 'user.enabled'
              : 'user.updated',
        target: after.id,
        before,
        after,
        detail: b.password !== undefined ? { passwordReset: true } : undefined,
      });
      return c.json(after, 200);
    },
  );
  return app;
}
