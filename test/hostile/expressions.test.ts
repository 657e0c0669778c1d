import { describe, it, expect } from 'vitest';
import jsonata from 'jsonata';
import { deploy, start } from '../support/weft.ts';
import { flow, n } from '../support/flows.ts';
import { hostileSuite, finishedSteps, stepError } from './harness.ts';

/** Short, so the endless cases end soon; linear-time work on large inputs still has to finish within it. */
const TIMEOUT_MS = 1000;
const suite = hostileSuite({ expressionTimeoutMs: TIMEOUT_MS });
let seq = 0;

const LOOP = '($f := function($n){ $f($n + 1) }; $f(0))';
/** "aaa…ab": the input on which a backtracking engine takes exponential time for /(a+)+$/. */
const evil = (length: number) => `${'a'.repeat(length)}b`;

/** Runs a map step with `expression` on `input` and returns the finished run and its steps. */
async function runMap(expression: string, input: unknown = {}) {
  const id = `expr-${++seq}`;
  const plan = await deploy(suite.weft, flow(id, { in: n.manual(), m: n.map(expression) }, ['in>m']));
  const { runId } = await start(suite.weft, plan, input);
  const done = await finishedSteps(suite.weft, runId);
  return { ...done, runId };
}

async function expectMapFailure(expression: string, message: RegExp, input: unknown = {}) {
  const { run, steps } = await runMap(expression, input);
  expect(run.status).toBe('failed');
  expect(stepError(steps.m)).toMatchObject({ code: 'expression_error', message: expect.stringMatching(message) });
}

const output = (step: { output: string | null }) => JSON.parse(step.output ?? 'null');
const preview = (expression: string, input?: unknown) =>
  suite.call('POST', '/api/expressions/evaluate', { expression, input });

describe('JSONata against hostile expressions and inputs', () => {
  it('fails an endless tail recursion at the time limit', async () => {
    await expectMapFailure(LOOP, new RegExp(`timeout after ${TIMEOUT_MS} milliseconds`));
  });

  it('fails a deep recursion at the depth limit', async () => {
    await expectMapFailure('($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))', /Stack overflow/);
  });

  it('fails a huge range before building it, also when the payload sets its size', async () => {
    await expectMapFailure(
      '$count([1..20000000])',
      /range \[1\.\.20000000\] has 20,000,000 items; at most 100,000 are allowed/,
    );
    await expectMapFailure(
      '$count([1..n])',
      /range \[1\.\.1000000000000\] has 1,000,000,000,000 items; at most 100,000 are allowed/,
      { n: 1e12 },
    );
  });

  it('fails a string of a size set by the payload before building it', async () => {
    await expectMapFailure(
      '$length($pad("x", width))',
      /\$pad: a width of 2,000,000,000 characters; at most 33,554,432 are allowed/,
      { width: 2e9 },
    );
  });

  // A backtracking engine would not finish these for hours: the step would fail at the time limit.
  it('matches a catastrophic regular expression in linear time ($match)', async () => {
    const { run, steps } = await runMap('$match(s, /(a+)+$/)', { s: evil(200_000) });
    expect(run.status).toBe('succeeded');
    expect(output(steps.m)).toBeNull();
  });

  it('replaces, splits and tests with catastrophic patterns in linear time', async () => {
    const { run, steps } = await runMap(
      "{ 'replaced': $length($replace(s, /(a|aa)+$/, 'x')), 'split': $count($split(s, /(a*)*b/)), 'contains': $contains(s, /^(([a-z])+.)+[A-Z]([a-z])+$/) }",
      { s: evil(100_000) },
    );
    expect(run.status).toBe('succeeded');
    expect(output(steps.m)).toEqual({ replaced: 100_001, split: 2, contains: false });
  });

  it('gives the same results as native regular expressions for ordinary patterns', async () => {
    const input = { date: '2024-05-17', text: 'Ab ab\nx1\nx2 Ünïcode 😀 end', csv: 'a1b22c333' };
    const expressions = [
      '$match(text, /a(b)/i)',
      "$replace(date, /(\\d+)-(\\d+)-(\\d+)/, '$3.$2.$1')",
      '$match(text, /^x\\d$/m)',
      '$split(csv, /\\d+/)',
      '$contains(text, /ÜNÏ/i)',
      '$match(text, /😀/)',
      "$replace(text, /\\s+/, '_')",
      '$match(csv, /(?<letter>[a-z])(\\d*)/)',
      '$split(csv, /[0-9]/, 3)',
      '$replace(csv, /b(2+)/, function($m) { $uppercase($m.match) & $string($count($m.groups)) })',
    ];
    for (const expression of expressions) {
      const native = await jsonata(expression).evaluate(input);
      const { steps } = await runMap(expression, input);
      expect(output(steps.m), expression).toEqual(JSON.parse(JSON.stringify(native ?? null)));
    }
  });

  it('refuses a regular expression that needs backtracking when the flow is validated and published', async () => {
    const def = flow('backref', { in: n.manual(), m: n.map('$match(s, /(a+)\\1/)') }, ['in>m']);
    expect((await suite.call('POST', '/api/flows', def)).status).toBe(201);
    const problems = (await suite.call('POST', '/api/flows/backref/validate')).body;
    expect(problems.problems).toEqual([
      expect.objectContaining({
        code: 'expression_syntax',
        nodeId: 'm',
        message: expect.stringMatching(/backreferences and lookarounds are not available/),
      }),
    ]);
    const publish = await suite.call('POST', '/api/flows/backref/publish');
    expect(publish.status).toBe(422);
    expect(publish.body.error.code).toBe('flow_has_problems');
  });

  it('matches JSON Schema patterns in linear time, and refuses a pattern that needs backtracking', async () => {
    const schema = {
      type: 'object',
      properties: { code: { type: 'string', pattern: '^(a+)+$' } },
      patternProperties: { '^(x+x+)+y$': { type: 'string' } },
    };
    const plan = await deploy(
      suite.weft,
      flow('schema-redos', { in: n.manual(), check: n.validate(schema), reject: n.fail('invalid') }, [
        'in>check',
        'check:invalid>reject',
      ]),
    );
    // A backtracking engine would not finish: the run would still be running at the bounded wait's end.
    const { runId } = await start(suite.weft, plan, { code: evil(100_000), [`${'x'.repeat(50_000)}`]: 'v' });
    const { steps } = await finishedSteps(suite.weft, runId);
    expect(steps.check).toMatchObject({ status: 'succeeded', port: 'invalid' });
    expect(output(steps.check).errors).toEqual([expect.objectContaining({ path: '/code' })]);

    const backref = flow(
      'schema-backref',
      { in: n.manual(), check: n.validate({ type: 'string', pattern: '(a)\\1' }) },
      ['in>check'],
    );
    expect((await suite.call('POST', '/api/flows', backref)).status).toBe(201);
    const problems = (await suite.call('POST', '/api/flows/schema-backref/validate')).body.problems;
    expect(problems).toContainEqual(
      expect.objectContaining({ severity: 'error', nodeId: 'check', message: expect.stringMatching(/not supported/) }),
    );
  });

  it('fails an endless loop in a condition and in a config expression with a message naming where', async () => {
    const plan = await deploy(
      suite.weft,
      flow('cond', { in: n.manual(), check: n.if(LOOP), reply: n.respond({ status: 200, body: `=${LOOP}` }) }, [
        'in>reply',
        'in>check',
      ]),
    );
    const { runId } = await start(suite.weft, plan, {});
    const { steps } = await finishedSteps(suite.weft, runId);
    expect(stepError(steps.check).message).toMatch(/timeout after/);
    expect(stepError(steps.reply).message).toMatch(/^config\.body: expression failed: .*timeout after/);
  });

  it('keeps serving other runs while an endless expression is in flight', async () => {
    const plan = await deploy(suite.weft, flow('loop', { in: n.manual(), m: n.map(LOOP) }, ['in>m']));
    const { runId } = await start(suite.weft, plan, {});
    const control = await suite.call('POST', '/hooks/control', { a: 20, b: 22 });
    expect(control.body).toEqual({ sum: 42 });
    expect((await suite.weft.store.runs.run(runId))?.status, 'the looping run is still in flight').toBe('running');
    const { steps } = await finishedSteps(suite.weft, runId);
    expect(stepError(steps.m).message).toMatch(/timeout after/);
  });

  it('preview: stops an endless loop with the same limit and answers with the error', async () => {
    const res = await preview(LOOP);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'expression_error',
        message: expect.stringMatching(new RegExp(`timeout after ${TIMEOUT_MS} milliseconds`)),
      }),
    });
  });

  it('preview: matches a catastrophic regular expression in linear time', async () => {
    const res = await preview('$contains(s, /(a+)+$/)', { s: evil(100_000) });
    expect(res.body).toEqual({ ok: true, result: false });
  });

  it('preview: refuses a backreference as a syntax problem', async () => {
    const res = await preview('$match(s, /(a)\\1/)', { s: 'aa' });
    expect(res.body).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'expression_syntax', message: expect.stringMatching(/not supported/) }),
    });
  });

  it('preview: fails deep recursion and huge ranges', async () => {
    expect(
      (await preview('($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))')).body.error.message,
    ).toMatch(/Stack overflow/);
    expect((await preview('[1..100000000]')).body.error.message).toMatch(
      /range \[1\.\.100000000\] has 100,000,000 items; at most 100,000 are allowed/,
    );
  });
});
