import { newApi, jsonBody, jsonContent, errors, errorSchema } from '../openapi.ts';
import { route } from '../route.ts';
import { VariableDeleted, VariableInput, VariableList, VariableView, variableParam } from '../schemas/variables.ts';
import { principalOf } from '../../security/authorize.ts';
import type { Variables } from '../../variables/variables.ts';

const tags = ['variables'];
const invalidValue = {
  422: jsonContent(errorSchema, 'The value cannot be stored: longer than 4 KB, or it holds a NUL character'),
};

/** Environment variables: everyone signed in reads them, admins change them; every change is audited. */
export function variableRoutes({ variables }: { variables: Variables }) {
  const app = newApi();
  app.openapi(
    route({
      access: 'analyst',
      method: 'get',
      path: '/variables',
      tags,
      operationId: 'listVariables',
      summary: "The installation's environment variables ($env in expressions), by name",
      responses: { 200: jsonContent(VariableList, 'Variables') },
    }),
    async (c) => c.json({ variables: await variables.list() }, 200),
  );

  app.openapi(
    route({
      access: 'admin',
      method: 'put',
      path: '/variables/{name}',
      tags,
      operationId: 'putVariable',
      summary:
        'Set a variable (201 when new); a description left out keeps the one it had. Values are not secret: they are shown to every user and written into the audit log',
      request: { params: variableParam, body: jsonBody(VariableInput) },
      responses: {
        200: jsonContent(VariableView, 'Changed (or already so)'),
        201: jsonContent(VariableView, 'Created'),
        ...errors(400),
        ...invalidValue,
      },
    }),
    async (c) => {
      const { variable, created } = await variables.put(c.req.valid('param').name, c.req.valid('json'), principalOf(c));
      return created ? c.json(variable, 201) : c.json(variable, 200);
    },
  );

  app.openapi(
    route({
      access: 'admin',
      method: 'delete',
      path: '/variables/{name}',
      tags,
      operationId: 'deleteVariable',
      summary: 'Delete a variable; flows that read it get a warning from the static check',
      request: { params: variableParam },
      responses: { 200: jsonContent(VariableDeleted, 'Deleted'), ...errors(400, 404) },
    }),
    async (c) => {
      const { name } = c.req.valid('param');
      await variables.delete(name, principalOf(c));
      return c.json({ deleted: name }, 200);
    },
  );
  return app;
}
