import { z } from '@hono/zod-openapi';
import { approvalStateSchema, fourEyesPolicySchema, REFUSAL_REASON_MAX } from '../../../shared/approvals.ts';
import { newApi, jsonBody, jsonContent, errors, named } from '../openapi.ts';
import { route } from '../route.ts';
import { principalOf } from '../../security/authorize.ts';
import type { VersionApprovals } from '../../flows/version-approvals.ts';

const ApprovalState = named(approvalStateSchema, 'ApprovalState');
const FourEyesPolicy = named(fourEyesPolicySchema, 'FourEyesPolicy');

const versionParams = z.object({
  id: z
    .string()
    .min(1)
    .max(120)
    .openapi({ param: { name: 'id', in: 'path' } }),
  version: z.coerce
    .number()
    .int()
    .min(1)
    .openapi({ param: { name: 'version', in: 'path' } }),
});

const refusal = z
  .object({
    reason: z
      .string()
      .trim()
      .min(1, 'a refusal needs a reason')
      .max(REFUSAL_REASON_MAX)
      .openapi({ description: 'Why the version may not be activated; shown with the version' }),
  })
  .strict();

/** Four-eyes activation: the installation setting, and approving or refusing published versions. */
export function approvalRoutes({ approvals }: { approvals: VersionApprovals }) {
  const app = newApi();
  app.openapi(
    route({
      access: 'analyst',
      method: 'get',
      path: '/settings/four-eyes',
      tags: ['settings'],
      operationId: 'getFourEyesPolicy',
      summary: 'Which flows need a version approved by a user other than its publisher before activation',
      responses: { 200: jsonContent(FourEyesPolicy, 'The policy (off unless an admin set it)') },
    }),
    async (c) => c.json(await approvals.policy(), 200),
  );

  app.openapi(
    route({
      access: 'admin',
      method: 'put',
      path: '/settings/four-eyes',
      tags: ['settings'],
      operationId: 'setFourEyesPolicy',
      summary: 'Set four-eyes activation: off, all flows, or flows at or above a criticality (audited)',
      request: { body: jsonBody(FourEyesPolicy) },
      responses: { 200: jsonContent(FourEyesPolicy, 'The policy as stored'), ...errors(400) },
    }),
    async (c) => c.json(await approvals.setPolicy(c.req.valid('json'), principalOf(c)), 200),
  );

  app.openapi(
    route({
      access: 'operator',
      method: 'post',
      path: '/flows/{id}/versions/{version}/approve',
      tags: ['flows'],
      operationId: 'approveFlowVersion',
      summary: 'Approve a published version for activation (not by its publisher; approving again changes nothing)',
      request: { params: versionParams },
      responses: { 200: jsonContent(ApprovalState, 'The approval as stored'), ...errors(400, 404) },
    }),
    async (c) => {
      const { id, version } = c.req.valid('param');
      return c.json(await approvals.approve(id, version, principalOf(c)), 200);
    },
  );

  app.openapi(
    route({
      access: 'operator',
      method: 'post',
      path: '/flows/{id}/versions/{version}/refuse',
      tags: ['flows'],
      operationId: 'refuseFlowVersion',
      summary: 'Refuse a published version with a reason: it cannot be activated until another user approves it',
      request: { params: versionParams, body: jsonBody(refusal) },
      responses: { 200: jsonContent(ApprovalState, 'The refusal as stored'), ...errors(400, 404) },
    }),
    async (c) => {
      const { id, version } = c.req.valid('param');
      return c.json(await approvals.refuse(id, version, c.req.valid('json').reason, principalOf(c)), 200);
    },
  );
  return app;
}
