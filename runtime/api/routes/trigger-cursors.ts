import { z } from '@hono/zod-openapi';
import { newApi, jsonBody, jsonContent, errors } from '../openapi.ts';
import { route } from '../route.ts';
import { principalOf } from '../../security/authorize.ts';
import type { PollCursorService } from '../../triggers/poll-cursor-service.ts';

const params = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' }, description: 'Flow id' }),
  node: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'node', in: 'path' }, description: 'Id of a trigger.poll node' }),
});

const cursor = z
  .object({
    since: z.string().nullable().optional().openapi({ description: 'updatedSince: the change time polled up to' }),
    afterId: z
      .union([z.string(), z.number()])
      .nullable()
      .optional()
      .openapi({ description: 'The id of the last record taken (at `since`, for updatedSince)' }),
  })
  .strict()
  .openapi('PollCursor');

const PollCursorView = z
  .object({
    flowId: z.string(),
    nodeId: z.string(),
    version: z.number().int().openapi({ description: 'The flow version whose trigger configuration applies' }),
    kind: z.enum(['updatedSince', 'increasingId']),
    cursor,
    initial: z.boolean().openapi({ description: 'Nothing stored yet: the next poll starts from the initial cursor' }),
    revision: z.number().int().openapi({ description: 'One more on every advance or reset; 0 when nothing is stored' }),
    updatedAt: z.number().int().nullable(),
    updatedBy: z.string().nullable().openapi({ description: 'Who reset it by hand; null when a poll moved it' }),
  })
  .openapi('PollCursorView');

const resetBody = z
  .object({
    cursor: cursor
      .nullable()
      .openapi({ description: 'Where the next poll starts; null goes back to the configured initial cursor' }),
  })
  .strict();

/** Operators see where a polling trigger has read its system up to, and set it back or forward. */
export function triggerCursorRoutes({ cursors }: { cursors: PollCursorService }) {
  const app = newApi();
  app.openapi(
    route({
      access: 'operator',
      method: 'get',
      path: '/flows/{id}/triggers/{node}/cursor',
      tags: ['flows'],
      operationId: 'getTriggerCursor',
      summary: 'Where a polling trigger has read its system up to',
      request: { params },
      responses: { 200: jsonContent(PollCursorView, 'The cursor'), ...errors(400, 404) },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await cursors.get(p.id, p.node), 200);
    },
  );
  app.openapi(
    route({
      access: 'operator',
      method: 'put',
      path: '/flows/{id}/triggers/{node}/cursor',
      tags: ['flows'],
      operationId: 'resetTriggerCursor',
      summary: "Set a polling trigger's cursor (audited): the next poll starts there",
      request: { params, body: jsonBody(resetBody) },
      responses: { 200: jsonContent(PollCursorView, 'The cursor as stored'), ...errors(400, 404) },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await cursors.reset(p.id, p.node, c.req.valid('json').cursor, principalOf(c)), 200);
    },
  );
  return app;
}
