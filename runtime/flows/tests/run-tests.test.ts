import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowDefinitionInput } from '../../../shared/flow.ts';
import type { TestCaseInput } from '../../../shared/flow-tests.ts';
import { flow, n } from '../../../test/support/flows.ts';
import { HttpStub } from '../../../test/support/http-stub.ts';
import { quoteCase, quoteFlow } from '../../../test/support/test-case-flows.ts';
import { stepRows, testWeft } from '../../../test/support/weft.ts';
import type { Weft } from '../../weft.ts';
import { ManualClock } from '../../engine/clock.ts';
import { runTestCases } from './run-tests.ts';

let weft: Weft;
let erp: HttpStub;

beforeAll(async () => {
  erp = await HttpStub.start();
  erp.respond('/rates', { status: 200, body: { amount: 999 } });
  weft = await testWeft();
});
afterAll(async () => {
  await weft.close(100);
  await erp.close();
  // Not one case reached the system its recordings stand for.
  expect(erp.requests).toEqual([]);
});

let flows = 0;
async function run(def: (id: string) => FlowDefinitionInput, names?: string[]) {
  const { definition } = await weft.flows.create(def(`cases-${++flows}`));
  return runTestCases(weft, definition, { names });
}

describe('runTestCases', () => {
  it('passes a case whose recorded answer gives the expected response, outputs and assertions, without waiting for its delay', async () => {
    const pays = quoteCase('pays', {
      expect: {
        ...quoteCase('pays').expect,
        assertions: ['$steps.price.amount = 1350', '$trigger.body.hours = 10', '$response.status = 201'],
      },
    });
    const report = await run((id) => quoteFlow(id, erp.url, [pays]));
    expect(report).toMatchObject({ passed: 1, failed: 0 });
    expect(report.cases[0]).toMatchObject({ name: 'pays', passed: true, differences: [] });
    expect(report.cases[0].error).toBeUndefined();
    // The hour-long delay passed its input on at once.
    expect(report.cases[0].durationMs).toBeLessThan(30_000);
    const steps = await stepRows(weft, report.cases[0].runId!);
    expect(steps.hold).toMatchObject({ status: 'succeeded', port: 'out' });
  });

  it('fails a case with one difference per field, each with its path, expected and actual value', async () => {
    const wrong = quoteCase('wrong rate', {
      expect: { steps: { price: { output: { amount: 1400, currency: 'EUR', note: 'x' } } }, response: { status: 200 } },
    });
    const report = await run((id) => quoteFlow(id, erp.url, [wrong]));
    expect(report).toMatchObject({ passed: 0, failed: 1 });
    expect(report.cases[0].passed).toBe(false);
    expect(report.cases[0].differences).toEqual([
      { path: 'response.status', expected: 200, actual: 201 },
      { path: 'steps.price.output.amount', expected: 1400, actual: 1350 },
      { path: 'steps.price.output.note', expected: 'x', actual: undefined, message: 'missing' },
    ]);
  });

  it('fails a case whose recorded step has no recording, with a message naming the step and the case', async () => {
    const report = await run((id) => quoteFlow(id, erp.url, [quoteCase('no rate', { recordings: {} })]));
    const result = report.cases[0];
    expect(result.passed).toBe(false);
    expect(result.error).toBe(
      'step "rate" (connector.http) has no recorded answer in test case "no rate"; record one from a test run',
    );
    expect(result.differences[0]).toMatchObject({ path: 'status', expected: 'succeeded', actual: 'failed' });
    const steps = await stepRows(weft, result.runId!);
    // Failed at once, not retried: a missing recording is not a passing outage.
    expect(steps.rate).toMatchObject({ status: 'failed', attempts: 1 });
    expect(JSON.parse(steps.rate.error!)).toMatchObject({ code: 'no_recording', retryable: false });
  });

  it('reports an assertion that is false with its expression, and one that errs with JSONata’s message and position', async () => {
    const c = quoteCase('asserts', {
      expect: { assertions: ['$steps.price.amount = 99', '$steps.price.amount = = 1', '$steps.price.amount = 1350'] },
    });
    const [result] = (await run((id) => quoteFlow(id, erp.url, [c]))).cases;
    expect(result.passed).toBe(false);
    expect(result.differences).toHaveLength(2);
    expect(result.differences[0]).toEqual({
      path: 'assertions[0]',
      expected: true,
      actual: false,
      message: '$steps.price.amount = 99 is false',
    });
    expect(result.differences[1].path).toBe('assertions[1]');
    expect(result.differences[1].message).toMatch(
      /^\$steps\.price\.amount = = 1: expression syntax error: .+ \(at position \d+\)$/,
    );
  });

  it('runs only the named cases, and refuses a name the flow does not have', async () => {
    const def = (id: string) => quoteFlow(id, erp.url, [quoteCase('a'), quoteCase('b', { recordings: {} })]);
    const report = await run(def, ['a']);
    expect(report.cases.map((c) => c.name)).toEqual(['a']);
    await expect(run(def, ['a', 'zz'])).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/"zz"/),
    });
  });

  it('retries at once and compensates at once also on a clock that only moves when told (no timer is waited for)', async () => {
    const still = await testWeft({ clock: new ManualClock(Date.now()) });
    try {
      const saga: FlowDefinitionInput = {
        ...flow(
          'still-clock',
          {
            in: n.manual(),
            project: n.http(`${erp.url}/projects`, {
              retry: { maxAttempts: 3 },
              compensate: { url: `="${erp.url}/projects/" & projectNo` },
            }),
            schedule: n.fail('no schedule'),
          },
          ['in>project', 'project>schedule'],
        ),
        settings: { onFailure: 'compensate' },
      };
      const busy = { error: { code: 'http_server_error', message: 'answered 503', retryable: true } };
      const { definition } = await still.flows.create({
        ...saga,
        tests: [
          {
            name: 'after two outages',
            input: {},
            recordings: {
              project: [busy, busy, { output: { projectNo: 'P-1' } }],
              'project~compensate': [busy, { output: null }],
            },
            expect: { status: 'compensated' },
          },
        ],
      });
      const report = await runTestCases(still, definition, { timeoutMs: 10_000 });
      expect(report.cases[0]).toMatchObject({ passed: true, differences: [] });
      const steps = await stepRows(still, report.cases[0].runId!);
      expect(steps.project).toMatchObject({ status: 'succeeded', attempts: 3 });
      expect(steps['project~compensate']).toMatchObject({ status: 'succeeded', attempts: 2 });
    } finally {
      await still.close(100);
    }
  });

  it('a recorded error fails each attempt as the system would: retried at once, then routed to the error output', async () => {
    const routed = (id: string, tests: TestCaseInput[]) => ({
      ...flow(
        id,
        {
          in: n.manual(),
          erp: n.http(`${erp.url}/projects`, {
            onError: 'route',
            retry: { maxAttempts: 2, initialDelayMs: 600_000, maxDelayMs: 600_000 },
          }),
          ticket: n.map("{ 'ticket': 'ERP: ' & error.message }"),
          done: n.map('$'),
        },
        ['in>erp', 'erp:error>ticket', 'erp>done'],
      ),
      tests,
    });
    const answers = [
      { error: { code: 'http_server_error', message: 'answered 503', retryable: true } },
      { error: { code: 'http_client_error', message: 'answered 404: no such project' } },
    ];
    const report = await run((id) =>
      routed(id, [
        {
          name: 'ERP refuses',
          input: { project: 'P-1' },
          recordings: { erp: answers },
          expect: {
            steps: {
              erp: { status: 'succeeded', port: 'error', error: { code: 'http_client_error' } },
              ticket: { output: { ticket: 'ERP: answered 404: no such project' } },
              done: { status: 'skipped' },
            },
          },
        },
      ]),
    );
    expect(report.cases[0]).toMatchObject({ passed: true, differences: [] });
    expect((await stepRows(weft, report.cases[0].runId!)).erp).toMatchObject({ attempts: 2, port: 'error' });
  });

  it('a case of a compensating flow answers the compensating calls from "<node>~compensate" recordings', async () => {
    const saga = (id: string, tests: TestCaseInput[]): FlowDefinitionInput => ({
      ...flow(
        id,
        {
          in: n.manual(),
          project: n.http(`${erp.url}/projects`, { compensate: { url: `="${erp.url}/projects/" & projectNo` } }),
          schedule: n.http(`${erp.url}/billing`),
        },
        ['in>project', 'project>schedule'],
      ),
      settings: { onFailure: 'compensate' },
      tests,
    });
    const refused = { error: { code: 'http_client_error', message: 'answered 422: currency mismatch' } };
    const report = await run((id) =>
      saga(id, [
        {
          name: 'undone',
          input: {},
          recordings: {
            project: { output: { projectNo: 'P-1' } },
            schedule: refused,
            'project~compensate': { output: null },
          },
          expect: {
            status: 'compensated',
            steps: { schedule: { status: 'failed', error: { code: 'http_client_error' } } },
          },
        },
        {
          name: 'not undone',
          input: {},
          recordings: { project: { output: { projectNo: 'P-1' } }, schedule: refused },
          expect: { status: 'failed' },
        },
      ]),
    );
    expect(report.cases[0]).toMatchObject({ passed: true, differences: [] });
    expect(report.cases[1].passed).toBe(false);
    expect(report.cases[1].error).toBe(
      'step "project~compensate" (connector.http) has no recorded answer in test case "not undone"; record one from a test run',
    );
  });

  it('answers a step in a loop from a list in call order, and fails the case when the list runs out', async () => {
    const looped = (id: string, tests: TestCaseInput[]): FlowDefinitionInput => {
      const def = flow(
        id,
        {
          in: n.manual(),
          loop: { type: 'control.loop', config: { items: '=lines' } },
          total: n.map('$sum(results.amount)'),
          post: n.http(`${erp.url}/lines`),
        },
        ['in>loop', 'loop>total'],
      );
      def.nodes.find((x) => x.id === 'post')!.parentId = 'loop';
      return { ...def, tests };
    };
    const lines = { lines: [{ h: 1 }, { h: 2 }, { h: 3 }] };
    const three = [1, 2, 30].map((amount) => ({ output: { amount } }));
    const report = await run((id) =>
      looped(id, [
        {
          name: 'three lines',
          input: lines,
          recordings: { post: three },
          expect: { steps: { total: { output: 33 } } },
        },
        { name: 'two answers', input: lines, recordings: { post: three.slice(0, 2) } },
        {
          name: 'body step',
          input: lines,
          recordings: { post: three },
          expect: { steps: { post: { status: 'succeeded' } } },
        },
      ]),
    );
    const [three3, two, body] = report.cases;
    expect(three3).toMatchObject({ passed: true, differences: [] });
    expect(two.passed).toBe(false);
    expect(two.error).toMatch(
      /^step "post" \(connector\.http\) was called 3 times, but test case "two answers" records 2 answers/,
    );
    expect(body.differences).toEqual([
      expect.objectContaining({
        path: 'steps.post',
        message: 'step "post" runs in the body of loop "loop": expect its results in the output of "loop"',
      }),
    ]);
  });
});
