import { z } from '@hono/zod-openapi';
import { ErrorCodes, WeftError } from '../../../shared/errors.ts';
import type { FlowDefinition } from '../../../shared/flow.ts';
import type { TestCase as Case, TestReport as Report } from '../../../shared/flow-tests.ts';
import type { FlowService } from '../../flows/flow-service.ts';
import { parseDefinition } from '../../flows/validate-flow.ts';
import { errors, jsonBody, jsonContent, newApi, optionalJsonBody } from '../openapi.ts';
import { route } from '../route.ts';
import { FlowHasProblems } from '../schemas/flows.ts';
import { TestCase, TestReport } from '../schemas/flow-tests.ts';

const idParam = z.object({
  id: z
    .string()
    .min(1)
    .max(120)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const tags = ['flows'];

export interface FlowTestRouteDeps {
  flows: FlowService;
  /** Runs the test cases of a definition (flows/tests/run-tests.ts). */
  runTests(definition: FlowDefinition, names?: string[]): Promise<Report>;
  /** A test case made from a finished test run of the flow (flows/tests/record-case.ts). */
  record(flowId: string, runId: string, name: string): Promise<Case>;
}

/** The definition to test: the one sent (an unsaved draft) or the saved draft; 422 when it is not a valid definition. */
function definitionOf(id: string, sent: unknown, saved: FlowDefinition): FlowDefinition {
  if (sent === undefined) return saved;
  const { definition, problems } = parseDefinition(sent);
  if (!definition)
    throw new WeftError(
      'flow_has_problems',
      `the definition is not valid: ${problems[0].path}: ${problems[0].message}`,
      {
        details: { problems },
      },
    );
  if (definition.id !== id)
    throw new WeftError(ErrorCodes.badRequest, `the definition is of flow "${definition.id}", not "${id}"`, {
      details: { path: 'definition.id' },
    });
  return definition;
}

export function flowTestRoutes({ flows, runTests, record }: FlowTestRouteDeps) {
  const app = newApi();

  app.openapi(
    route({
      access: 'analyst',
      method: 'post',
      path: '/flows/{id}/tests/run',
      tags,
      operationId: 'runFlowTests',
      summary:
        "Run the flow's test cases (of the definition sent, else of the saved draft); recorded steps are answered from each case's recordings, no system is called",
      request: {
        params: idParam,
        body: optionalJsonBody(
          z.object({
            definition: z.unknown().optional().describe('A draft to test instead of the saved one; nothing is saved'),
            names: z.array(z.string().min(1).max(200)).max(100).optional().describe('Only these test cases'),
          }),
        ),
      },
      responses: {
        200: jsonContent(TestReport, 'How each test case came out'),
        422: jsonContent(FlowHasProblems, 'The definition is not valid, or cannot run'),
        ...errors(400, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json') ?? {};
      const definition = definitionOf(id, body.definition, (await flows.get(id)).definition);
      try {
        return c.json(await runTests(definition, body.names), 200);
      } catch (err) {
        if ((err as WeftError).code === ErrorCodes.invalidFlow)
          throw new WeftError('flow_has_problems', (err as Error).message, { details: (err as WeftError).details });
        throw err;
      }
    },
  );

  app.openapi(
    route({
      access: 'analyst',
      method: 'post',
      path: '/flows/{id}/tests/record',
      tags,
      operationId: 'recordFlowTest',
      summary:
        'Make a test case from a finished test run: its input, the answers of its recorded steps, and its status, response and results as expectations (nothing is saved)',
      request: {
        params: idParam,
        body: jsonBody(
          z.object({
            runId: z.string().min(1).max(200).describe('A finished test run of this flow'),
            name: z.string().min(1).max(200).describe('The name of the new test case'),
          }),
        ),
      },
      responses: {
        200: jsonContent(z.object({ testCase: TestCase }), 'The test case, to keep in the draft\'s "tests"'),
        422: jsonContent(FlowHasProblems, 'The run cannot be kept as a test case'),
        ...errors(400, 404, 409),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { runId, name } = c.req.valid('json');
      await flows.get(id);
      return c.json({ testCase: await record(id, runId, name) }, 200);
    },
  );

  return app;
}
