import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import { testWeft, deploy, start, finished } from '../support/weft.ts';
import { flow, n } from '../support/flows.ts';
import { HttpStub } from '../support/http-stub.ts';
import { validateFlow } from '../../runtime/flows/validate-flow.ts';
import { findNode } from '../../nodes/registry.ts';
import { describeNodeType } from '../../runtime/engine/catalogue.ts';
import http from '../../nodes/connector/http.node.ts';
import { buildUiSchema, formSchemaOf } from '../../designer/src/editor/inspector/form-schema.ts';
import type { JsonSchema } from '../../designer/src/api/types.ts';

let weft: Weft;
let stub: HttpStub;

beforeAll(async () => {
  stub = await HttpStub.start();
  weft = await testWeft();
});
afterAll(async () => {
  await weft.close(100);
  await stub.close();
});

const HOSTILE = '../../admin/users?x=';

describe('a value from the event in the path of a request', () => {
  it('stays inside its segment when it goes through pathParams', async () => {
    const plan = await deploy(
      weft,
      flow(
        'contact',
        {
          in: n.manual(),
          get: n.http(`${stub.url}/v1/contacts/{id}`, {
            method: 'GET',
            body: undefined,
            pathParams: { id: '=$trigger.body.id' },
            query: { fields: ['name', 'email'] },
          }),
        },
        ['in>get'],
      ),
    );
    const { runId } = await start(weft, plan, { id: HOSTILE });
    expect((await finished(weft, runId)).status).toBe('succeeded');
    expect(stub.requests.map((r) => r.path)).toEqual(['/v1/contacts/..%2F..%2Fadmin%2Fusers%3Fx%3D']);
    expect(stub.requests.some((r) => r.path.startsWith('/admin'))).toBe(false);
  });

  it('is flagged by the static check (a warning) when the URL expression joins it into the path', () => {
    const joined = flow('joined', { in: n.manual(), get: n.http(`="${stub.url}/v1/contacts/" & $trigger.body.id`) }, [
      'in>get',
    ]);
    expect(validateFlow(joined, findNode)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'url_path_concatenation',
        nodeId: 'get',
        path: 'config.url',
        message: expect.stringMatching(/pathParams/),
      }),
    ]);
  });
});

describe('the HTTP node in the designer', () => {
  it('offers path parameters as key/value rows and query parameters as a JSON object, both titled', () => {
    const ui = buildUiSchema(formSchemaOf(describeNodeType(http).configSchema as JsonSchema), { expressions: true });
    expect(ui.pathParams).toEqual({ 'ui:field': 'expressionable', 'ui:title': 'Path parameters' });
    expect(ui.query).toMatchObject({ 'ui:field': 'expressionable', 'ui:title': 'Query parameters' });
  });
});
