import { z } from '@hono/zod-openapi';
import { WeftError, ErrorCodes } from '../../../shared/errors.ts';
import { newApi, jsonBody, jsonContent, errors, optionalJsonBody } from '../openapi.ts';
import { route } from '../route.ts';
import {
  Activation,
  Draft,
  FlowDefinition,
  FlowHasProblems,
  FlowList,
  SavedDraft,
  Validation,
  Version,
  VersionInfo,
  VersionList,
} from '../schemas/flows.ts';
import { Run } from '../schemas/runs.ts';
import { TestsFailed } from '../schemas/flow-tests.ts';
import type { TestRunRequest } from '../../flows/test-run.ts';
import type { FlowService } from '../../flows/flow-service.ts';
import type { FlowDefinition as Definition } from '../../../shared/flow.ts';
import type { RunView } from '../../../shared/run.ts';
import { principalOf } from '../../security/authorize.ts';
import type { VersionApprovals } from '../../flows/version-approvals.ts';

const idParam = z.object({
  id: z
    .string()
    .min(1)
    .max(120)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const putBody = z.object({ definition: FlowDefinition, revision: z.number().int().min(1).optional() });
const tags = ['flows'];

export interface FlowRouteDeps {
  flows: FlowService;
  /** Each version's four-eyes approval state, shown with the versions. */
  approvals: VersionApprovals;
  /** Runs a draft on an input as a test run and returns it (flows/test-run.ts). */
  testRun(definition: Definition, req: TestRunRequest): Promise<RunView>;
}

export function flowRoutes({ flows, approvals, testRun }: FlowRouteDeps) {
  const app = newApi();

  app.openapi(
    route({
      access: 'analyst',
      method: 'get',
      path: '/flows',
      tags,
      operationId: 'listFlows',
      summary: 'List flows with status, last run and recent failures',
      responses: { 200: jsonContent(FlowList, 'Flows') },
    }),
    async (c) => c.json({ flows: await flows.list() }, 200),
  );

  app.openapi(
    route({
      access: 'analyst',
      method: 'post',
      path: '/flows',
      tags,
      operationId: 'createFlow',
      summary: 'Create a flow from a definition',
      request: { body: jsonBody(FlowDefinition) },
      responses: { 201: jsonContent(SavedDraft, 'Created'), ...errors(400, 409) },
    }),
    async (c) => {
      const created = await flows.create(c.req.valid('json'), principalOf(c));
      c.header('ETag', etag(created.revision));
      return c.json(created, 201);
    },
  );

  app.openapi(
    route({
      access: 'analyst',
      method: 'get',
      path: '/flows/{id}',
      tags,
      operationId: 'getFlow',
      summary: 'The draft of a flow and its revision',
      request: { params: idParam },
      responses: { 200: jsonContent(Draft, 'Draft'), ...errors(400, 404) },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const flow = await flows.get(id);
      c.header('ETag', etag(flow.revision));
      return c.json({ ...flow, activeVersion: await flows.activeVersion(id) }, 200);
    },
  );

  app.openapi(
    route({
      access: 'analyst',
      method: 'put',
      path: '/flows/{id}',
      tags,
      operationId: 'saveFlow',
      summary:
        'Save the draft. Send the revision you edited (body `revision` or If-Match); a stale one is refused with 409',
      request: { params: idParam, body: jsonBody(putBody) },
      responses: { 200: jsonContent(SavedDraft, 'Saved'), ...errors(400, 404, 409) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const revision = body.revision ?? parseEtag(c.req.header('if-match'));
      if (revision === undefined)
        throw new WeftError(
          ErrorCodes.badRequest,
          'send the revision you edited: a "revision" field or an If-Match header',
        );
      const saved = await flows.update(id, body.definition, revision, principalOf(c));
      c.header('ETag', etag(saved.revision));
      return c.json(saved, 200);
    },
  );

  app.openapi(
    route({
      access: 'operator',
      method: 'delete',
      path: '/flows/{id}',
      tags,
      operationId: 'deleteFlow',
      summary: 'Delete a flow that is not active',
      request: { params: idParam },
      responses: { 204: { description: 'Deleted' }, ...errors(400, 404, 409) },
    }),
    async (c) => {
      await flows.delete(c.req.valid('param').id, principalOf(c));
      return c.body(null, 204);
    },
  );

  app.openapi(
    route({
      access: 'analyst',
      method: 'post',
      path: '/flows/{id}/validate',
      tags,
      operationId: 'validateFlow',
      summary: 'Static check of the draft, or of the definition sent (an unsaved edit of it)',
      request: {
        params: idParam,
        body: optionalJsonBody(
          z.object({
            definition: z
              .unknown()
              .optional()
              .describe('A definition to check instead of the saved draft; nothing is saved'),
          }),
        ),
      },
      responses: { 200: jsonContent(Validation, 'Problems'), ...errors(400, 404) },
    }),
    async (c) => {
      const problems = await flows.validate(c.req.valid('param').id, c.req.valid('json')?.definition);
      return c.json({ valid: !problems.some((p) => p.severity === 'error'), problems }, 200);
    },
  );

  app.openapi(
    route({
      access: 'analyst',
      method: 'post',
      path: '/flows/{id}/test',
      tags,
      operationId: 'testFlow',
      summary: 'Run the draft now on an input and return every step',
      request: {
        params: idParam,
        body: jsonBody(
          z.object({
            input: z.unknown().optional(),
            triggerNodeId: z.string().optional(),
            headers: z.record(z.string(), z.string()).optional(),
            query: z.record(z.string(), z.string()).optional(),
          }),
        ),
      },
      responses: { 200: jsonContent(Run, 'The finished test run'), ...errors(400, 404, 409) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const run = await testRun((await flows.get(id)).definition, c.req.valid('json'));
      return c.json(run, 200);
    },
  );

  app.openapi(
    route({
      access: 'operator',
      method: 'post',
      path: '/flows/{id}/publish',
      tags,
      operationId: 'publishFlow',
      summary:
        'Freeze the draft as a new immutable version (422 while problems exist). The draft\'s test cases run first; a failing one refuses the publish (422 tests_failed) unless its setting onFailingTests is "warn"; the version records how they came out',
      request: { params: idParam, body: optionalJsonBody(z.object({ note: z.string().max(2000).optional() })) },
      responses: {
        201: jsonContent(VersionInfo, 'Published'),
        200: jsonContent(VersionInfo, 'Unchanged: the latest version already holds this content'),
        422: jsonContent(z.union([FlowHasProblems, TestsFailed]), 'The draft has problems, or a test case failed'),
        ...errors(400, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const note = ((await c.req.json().catch(() => ({}))) as { note?: string }).note;
      let result: Awaited<ReturnType<FlowService['publish']>>;
      try {
        result = await flows.publish(id, typeof note === 'string' ? note : undefined, principalOf(c));
      } catch (err) {
        if ((err as WeftError).code === ErrorCodes.invalidFlow)
          throw new WeftError('flow_has_problems', (err as Error).message, { details: (err as WeftError).details });
        throw err;
      }
      return c.json(result.version, result.created ? 201 : 200);
    },
  );

  app.openapi(
    route({
      access: 'operator',
      method: 'post',
      path: '/flows/{id}/activate',
      tags,
      operationId: 'activateFlow',
      summary: 'Make a published version receive trigger events (rollback = activate an older one)',
      request: { params: idParam, body: jsonBody(z.object({ version: z.number().int().min(1) })) },
      responses: { 200: jsonContent(Activation, 'Activated'), ...errors(400, 404, 409) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { version } = c.req.valid('json');
      await flows.activate(id, version, principalOf(c));
      return c.json({ flowId: id, activeVersion: version }, 200);
    },
  );

  app.openapi(
    route({
      access: 'operator',
      method: 'post',
      path: '/flows/{id}/deactivate',
      tags,
      operationId: 'deactivateFlow',
      summary: 'Stop receiving trigger events',
      request: { params: idParam },
      responses: { 200: jsonContent(Activation, 'Deactivated'), ...errors(400, 404) },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const changed = await flows.deactivate(id, principalOf(c));
      return c.json({ flowId: id, activeVersion: null, changed }, 200);
    },
  );

  app.openapi(
    route({
      access: 'analyst',
      method: 'get',
      path: '/flows/{id}/versions',
      tags,
      operationId: 'listFlowVersions',
      summary: 'Published versions, newest first',
      request: { params: idParam },
      responses: { 200: jsonContent(VersionList, 'Versions'), ...errors(400, 404) },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const versions = await flows.versions(id);
      const states = await approvals.states(
        id,
        versions.map((v) => v.version),
      );
      return c.json({ versions: versions.map((v) => ({ ...v, approval: states.get(v.version) })) }, 200);
    },
  );

  app.openapi(
    route({
      access: 'analyst',
      method: 'get',
      path: '/flows/{id}/versions/{version}',
      tags,
      operationId: 'getFlowVersion',
      summary: 'One published version with its definition',
      request: {
        params: idParam.extend({
          version: z.coerce
            .number()
            .int()
            .min(1)
            .openapi({ param: { name: 'version', in: 'path' } }),
        }),
      },
      responses: { 200: jsonContent(Version, 'Version'), ...errors(400, 404) },
    }),
    async (c) => {
      const { id, version } = c.req.valid('param');
      const definition = await flows.version(id, version);
      const info = (await flows.versions(id)).find((v) => v.version === version);
      if (!definition || !info) throw new WeftError(ErrorCodes.notFound, `flow "${id}" has no version ${version}`);
      return c.json({ ...info, approval: await approvals.state(id, version), definition }, 200);
    },
  );

  return app;
}

const etag = (revision: number) => `"${revision}"`;

function parseEtag(h: string | undefined): number | undefined {
  if (!h) return undefined;
  const n = Number(h.replace(/^W\//, '').replace(/"/g, ''));
  if (!Number.isInteger(n) || n < 1)
    throw new WeftError(ErrorCodes.badRequest, `If-Match must be a revision such as "3", got ${h}`);
  return n;
}
