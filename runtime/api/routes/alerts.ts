import { z } from '@hono/zod-openapi';
import { newApi, jsonBody, jsonContent, errors, named, queryInteger } from '../openapi.ts';
import { route } from '../route.ts';
import { principalOf } from '../../security/authorize.ts';
import { alertChannelInput, alertChannelSchema, alertRuleInput, alertRuleSchema } from '../../../shared/alerts.ts';
import { incidentViewSchema } from '../../../shared/alert-history.ts';
import type { Alerts } from '../../alerts/alerts.ts';

const tags = ['alerts'];
const idParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const AlertRule = named(alertRuleSchema, 'AlertRule');
const AlertChannel = named(alertChannelSchema, 'AlertChannel');
const Incident = named(incidentViewSchema, 'AlertIncident');
const Deleted = z.object({ deleted: z.string() });

const incidentQuery = z.object({
  status: z.enum(['pending', 'open', 'resolved']).optional(),
  ruleId: z.string().max(100).optional(),
  flowId: z.string().max(100).optional(),
  before: queryInteger.optional().openapi({ description: 'Page: incidents first seen before this time (ms)' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** Alert rules and channels (admins) and the alert history (operators). */
export function alertRoutes({ alerts }: { alerts: Alerts }) {
  const app = newApi();
  app.openapi(
    route({
      access: 'admin',
      method: 'get',
      path: '/alerts/rules',
      tags,
      operationId: 'listAlertRules',
      summary: 'Alert rules',
      responses: { 200: jsonContent(z.object({ rules: z.array(AlertRule) }), 'Rules') },
    }),
    async (c) => c.json({ rules: await alerts.admin.rules() }, 200),
  );

  app.openapi(
    route({
      access: 'admin',
      method: 'post',
      path: '/alerts/rules',
      tags,
      operationId: 'createAlertRule',
      summary: 'Create an alert rule: what to watch (kind, condition) and which channels to notify',
      request: { body: jsonBody(alertRuleInput) },
      responses: { 201: jsonContent(AlertRule, 'Created'), ...errors(400) },
    }),
    async (c) => c.json(await alerts.admin.saveRule(null, c.req.valid('json'), principalOf(c)), 201),
  );

  app.openapi(
    route({
      access: 'admin',
      method: 'put',
      path: '/alerts/rules/{id}',
      tags,
      operationId: 'updateAlertRule',
      summary: 'Change an alert rule (disabling it closes its incidents without a notification)',
      request: { params: idParam, body: jsonBody(alertRuleInput) },
      responses: { 200: jsonContent(AlertRule, 'Changed'), ...errors(400, 404) },
    }),
    async (c) => c.json(await alerts.admin.saveRule(c.req.valid('param').id, c.req.valid('json'), principalOf(c)), 200),
  );

  app.openapi(
    route({
      access: 'admin',
      method: 'delete',
      path: '/alerts/rules/{id}',
      tags,
      operationId: 'deleteAlertRule',
      summary: 'Delete an alert rule; its incidents stay in the history',
      request: { params: idParam },
      responses: { 200: jsonContent(Deleted, 'Deleted'), ...errors(400, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await alerts.admin.deleteRule(id, principalOf(c));
      return c.json({ deleted: id }, 200);
    },
  );

  app.openapi(
    route({
      access: 'admin',
      method: 'get',
      path: '/alerts/channels',
      tags,
      operationId: 'listAlertChannels',
      summary: 'Alert channels (never their secrets: secretSet says whether one is stored)',
      responses: { 200: jsonContent(z.object({ channels: z.array(AlertChannel) }), 'Channels') },
    }),
    async (c) => c.json({ channels: await alerts.admin.channels() }, 200),
  );

  app.openapi(
    route({
      access: 'admin',
      method: 'post',
      path: '/alerts/channels',
      tags,
      operationId: 'createAlertChannel',
      summary: 'Create a channel: a signed webhook, a Slack incoming webhook or email over SMTP',
      request: { body: jsonBody(alertChannelInput) },
      responses: { 201: jsonContent(AlertChannel, 'Created'), ...errors(400) },
    }),
    async (c) => c.json(await alerts.admin.saveChannel(null, c.req.valid('json'), principalOf(c)), 201),
  );

  app.openapi(
    route({
      access: 'admin',
      method: 'put',
      path: '/alerts/channels/{id}',
      tags,
      operationId: 'updateAlertChannel',
      summary: 'Change a channel; a secret setting left out keeps its stored value',
      request: { params: idParam, body: jsonBody(alertChannelInput) },
      responses: { 200: jsonContent(AlertChannel, 'Changed'), ...errors(400, 404) },
    }),
    async (c) =>
      c.json(await alerts.admin.saveChannel(c.req.valid('param').id, c.req.valid('json'), principalOf(c)), 200),
  );

  app.openapi(
    route({
      access: 'admin',
      method: 'delete',
      path: '/alerts/channels/{id}',
      tags,
      operationId: 'deleteAlertChannel',
      summary: 'Delete a channel no rule notifies; its pending notifications give up',
      request: { params: idParam },
      responses: { 200: jsonContent(Deleted, 'Deleted'), ...errors(400, 404, 409) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await alerts.admin.deleteChannel(id, principalOf(c));
      return c.json({ deleted: id }, 200);
    },
  );

  app.openapi(
    route({
      access: 'operator',
      method: 'get',
      path: '/alerts/incidents',
      tags,
      operationId: 'listAlertIncidents',
      summary: 'Alert history: incidents newest first, each with its notifications and their delivery',
      request: { query: incidentQuery },
      responses: { 200: jsonContent(z.object({ incidents: z.array(Incident) }), 'Incidents'), ...errors(400) },
    }),
    async (c) => c.json({ incidents: await alerts.incidents(c.req.valid('query')) }, 200),
  );
  return app;
}
