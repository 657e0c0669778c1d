import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';
import { HttpStub } from '../support/http-stub.ts';
import { quoteCase, quoteFlow } from '../support/test-case-flows.ts';
import { testWeft } from '../support/weft.ts';
import type { Weft } from '../../runtime/weft.ts';

let weft: Weft;
let call: ReturnType<typeof client>;
let erp: HttpStub;

beforeAll(async () => {
  erp = await HttpStub.start();
  erp.respond('/rates', { status: 200, body: { amount: 135 } });
  weft = await testWeft();
  call = client(weft);
});
afterAll(async () => {
  await weft.close(100);
  await erp.close();
});

/** The quote without its delay: a test run of it finishes at once. */
const direct = (id: string) =>
  flow(
    id,
    {
      in: n.manual(),
      rate: n.http(`${erp.url}/rates`, { method: 'GET', body: undefined }),
      price: n.map("{ 'amount': amount * $trigger.body.hours }"),
      reply: n.respond({ status: 201 }),
    },
    ['in>rate', 'rate>price', 'price>reply'],
  );

describe('flow test cases over the API', () => {
  it('runs the saved draft’s cases, or those of a draft sent along; 422 for a definition that is not one, 404 for no flow', async () => {
    expect((await call('POST', '/api/flows', quoteFlow('api-cases', erp.url, [quoteCase('pays')]))).status).toBe(201);
    const saved = await call('POST', '/api/flows/api-cases/tests/run');
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      flowId: 'api-cases',
      passed: 1,
      failed: 0,
      cases: [{ name: 'pays', passed: true }],
    });

    const draft = quoteFlow('api-cases', erp.url, [quoteCase('pays'), quoteCase('no rate', { recordings: {} })]);
    const sent = await call('POST', '/api/flows/api-cases/tests/run', { definition: draft, names: ['no rate'] });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ passed: 0, failed: 1, cases: [{ name: 'no rate', passed: false }] });
    expect(sent.body.cases[0].error).toMatch(/^step "rate" \(connector\.http\) has no recorded answer/);

    const invalid = await call('POST', '/api/flows/api-cases/tests/run', { definition: { ...draft, nodes: 'none' } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.code).toBe('flow_has_problems');
    expect(invalid.body.error.details.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'nodes' })]),
    );
    const other = await call('POST', '/api/flows/api-cases/tests/run', { definition: { ...draft, id: 'else' } });
    expect(other.status).toBe(400);
    expect((await call('POST', '/api/flows/nothing/tests/run')).status).toBe(404);
    // Nothing was called: the ERP answers only test runs, never test cases.
    expect(erp.calls('/rates')).toEqual([]);
  });

  it('records a case from a finished test run, which then passes as it is; a run still going is refused', async () => {
    expect((await call('POST', '/api/flows', direct('api-record'))).status).toBe(201);
    const run = await call('POST', '/api/flows/api-record/test', { input: { hours: 10 } });
    expect(run.body.status).toBe('succeeded');
    expect(erp.calls('/rates')).toHaveLength(1);

    const recorded = await call('POST', '/api/flows/api-record/tests/record', {
      runId: run.body.id,
      name: 'ten hours',
    });
    expect(recorded.status).toBe(200);
    const testCase = recorded.body.testCase;
    expect(testCase).toMatchObject({
      name: 'ten hours',
      input: { hours: 10 },
      recordings: { rate: { output: { amount: 135 } } },
      expect: {
        status: 'succeeded',
        response: { status: 201, body: { amount: 1350 } },
        steps: { reply: { output: { status: 201, body: { amount: 1350 } } } },
      },
    });

    const draft = (await call('GET', '/api/flows/api-record')).body;
    const saved = await call('PUT', '/api/flows/api-record', {
      definition: { ...draft.definition, tests: [testCase] },
      revision: draft.revision,
    });
    expect(saved.status).toBe(200);
    const report = await call('POST', '/api/flows/api-record/tests/run');
    expect(report.body).toMatchObject({ passed: 1, failed: 0 });
    expect(erp.calls('/rates')).toHaveLength(1);

    expect((await call('POST', '/api/flows', quoteFlow('api-waits', erp.url))).status).toBe(201);
    const waiting = await call('POST', '/api/flows/api-waits/test', { input: { hours: 1 } });
    expect(waiting.body.status).toBe('running');
    const early = await call('POST', '/api/flows/api-waits/tests/record', { runId: waiting.body.id, name: 'x' });
    expect(early.status).toBe(409);
    const elsewhere = await call('POST', '/api/flows/api-record/tests/record', { runId: waiting.body.id, name: 'x' });
    expect(elsewhere.status).toBe(404);
  });

  it('publishing refuses a flow whose case fails (422 tests_failed with the report); the version shows how its cases came out', async () => {
    const wrong = quoteCase('wrong', { expect: { steps: { price: { output: { amount: 1 } } } } });
    expect((await call('POST', '/api/flows', quoteFlow('api-publish', erp.url, [wrong]))).status).toBe(201);
    const refused = await call('POST', '/api/flows/api-publish/publish');
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'tests_failed', details: { report: { failed: 1 } } });
    expect((await call('GET', '/api/flows/api-publish/versions')).body.versions).toEqual([]);

    const draft = (await call('GET', '/api/flows/api-publish')).body;
    await call('PUT', '/api/flows/api-publish', {
      definition: { ...draft.definition, tests: [quoteCase('pays')] },
      revision: draft.revision,
    });
    const published = await call('POST', '/api/flows/api-publish/publish');
    expect(published.status).toBe(201);
    const tests = { result: 'passed', passed: 1, failed: 0, failing: [] };
    expect(published.body.tests).toEqual(tests);
    expect((await call('GET', '/api/flows/api-publish/versions/1')).body.tests).toEqual(tests);
    expect((await call('GET', '/api/flows/api-publish/versions')).body.versions[0].tests).toEqual(tests);
  });
});
