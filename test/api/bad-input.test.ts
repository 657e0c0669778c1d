import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import { testWeft } from '../support/weft.ts';
import { count } from '../support/rows.ts';
import { client } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';

let weft: Weft;
let call: ReturnType<typeof client>;

beforeEach(async () => {
  weft = await testWeft({ config: { bodyLimit: 1024 } });
  call = client(weft);
});
afterEach(() => weft.close(100));

const small = () => flow('small', { in: n.manual(), m: n.map('x') }, ['in>m']);
const flowCount = () => count(weft, 'flows');
const isCoded = (body: unknown, code: string) =>
  expect(body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });

describe('API: bad input', () => {
  it('answers a malformed JSON body with 400 {error:{code,message}} and stores nothing', async () => {
    for (const [method, path] of [
      ['POST', '/api/flows'],
      ['POST', '/api/expressions/evaluate'],
    ] as const) {
      const res = await call(method, path, '{"id": "small", ');
      expect(res.status, path).toBe(400);
      isCoded(res.body, 'bad_request');
    }
    expect(await flowCount()).toBe(0);

    await call('POST', '/api/flows', small());
    const put = await call('PUT', '/api/flows/small', '{"definition": ');
    expect(put.status).toBe(400);
    isCoded(put.body, 'bad_request');
    expect((await call('GET', '/api/flows/small')).body.revision).toBe(1);
  });

  it('answers a definition failing the schema with 400 naming the path, and stores nothing', async () => {
    const bad = small();
    bad.nodes[1].id = 'has space';
    const res = await call('POST', '/api/flows', bad);
    expect(res.status).toBe(400);
    isCoded(res.body, 'bad_request');
    expect(res.body.error.message).toContain('nodes.1.id');
    expect(res.body.error.details.issues).toContainEqual(expect.objectContaining({ path: 'nodes.1.id' }));

    const noVersion = { ...small(), schemaVersion: 2 };
    const res2 = await call('POST', '/api/flows', noVersion);
    expect(res2.status).toBe(400);
    expect(res2.body.error.details.issues).toContainEqual(expect.objectContaining({ path: 'schemaVersion' }));

    const extra = { ...small(), colour: 'red' };
    expect((await call('POST', '/api/flows', extra)).status).toBe(400);
    expect(await flowCount()).toBe(0);
    expect((await call('GET', '/api/flows')).body.flows).toEqual([]);
  });

  it('answers a PUT whose definition fails the schema or names another flow with 400, keeping the draft', async () => {
    await call('POST', '/api/flows', small());
    const bad = small();
    bad.edges[0].target = '';
    const res = await call('PUT', '/api/flows/small', { definition: bad, revision: 1 });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('edges.0.target');
    const other = await call('PUT', '/api/flows/small', { definition: { ...small(), id: 'other' }, revision: 1 });
    expect(other.status).toBe(400);
    isCoded(other.body, 'bad_request');
    expect((await call('GET', '/api/flows/small')).body.revision).toBe(1);
    expect(await flowCount()).toBe(1);
  });

  it('saves a flow with an unknown node type, lists it on validate and refuses to publish it (422)', async () => {
    const def = small();
    def.nodes.push({ id: 'widget', type: 'acme.widget', typeVersion: 1, config: { colour: 'red' } });
    def.edges.push({ id: 'e2', source: 'm', target: 'widget' });
    const created = await call('POST', '/api/flows', def);
    expect(created.status).toBe(201);

    const problems = (await call('POST', '/api/flows/small/validate')).body;
    expect(problems.valid).toBe(false);
    expect(problems.problems).toEqual([
      expect.objectContaining({ code: 'unknown_type', nodeId: 'widget', severity: 'error' }),
    ]);

    const publish = await call('POST', '/api/flows/small/publish');
    expect(publish.status).toBe(422);
    expect(publish.body.error).toMatchObject({
      code: 'flow_has_problems',
      details: { problems: [expect.objectContaining({ code: 'unknown_type' })] },
    });
    expect((await call('GET', '/api/flows/small/versions')).body.versions).toEqual([]);

    const test = await call('POST', '/api/flows/small/test', { input: { x: 1 } });
    expect(test.status).toBe(400);
    expect(test.body.error).toMatchObject({ code: 'invalid_flow' });
    expect(await count(weft, 'runs')).toBe(0);
  });

  it('answers a body over the limit with 413 and stores nothing', async () => {
    const big = small();
    big.description = 'x'.repeat(2000);
    const res = await call('POST', '/api/flows', big);
    expect(res.status).toBe(413);
    isCoded(res.body, 'payload_too_large');
    expect(await flowCount()).toBe(0);

    const pad = JSON.stringify({ pad: 'x'.repeat(2000) });
    const hook = await call('POST', '/hooks/anything', pad, { 'content-length': String(pad.length) });
    expect(hook.status).toBe(413);
  });

  it('answers unknown flows and bad ids with coded errors', async () => {
    for (const [method, path, body] of [
      ['GET', '/api/flows/nope', undefined],
      ['DELETE', '/api/flows/nope', undefined],
      ['POST', '/api/flows/nope/publish', undefined],
      ['POST', '/api/flows/nope/activate', { version: 1 }],
      ['POST', '/api/flows/nope/deactivate', undefined],
      ['GET', '/api/flows/nope/versions', undefined],
      ['POST', '/api/flows/nope/test', {}],
    ] as const) {
      const res = await call(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      isCoded(res.body, 'not_found');
    }
    await call('POST', '/api/flows', small());
    const badVersion = await call('POST', '/api/flows/small/activate', { version: 'one' });
    expect(badVersion.status).toBe(400);
    expect(badVersion.body.error.details.issues).toContainEqual(expect.objectContaining({ path: 'version' }));
    const badMatch = await call('PUT', '/api/flows/small', { definition: small() }, { 'If-Match': 'yesterday' });
    expect(badMatch.status).toBe(400);
  });
});
