import { ErrorCodes, WeftError } from '../../../shared/errors.ts';
import type { FlowDefinition } from '../../../shared/flow.ts';
import type { TestCase, TestCaseResult, TestReport } from '../../../shared/flow-tests.ts';
import { hasEnded } from '../../engine/run-lifecycle.ts';
import { triggerEventOf } from '../../engine/payloads.ts';
import type { FlowPlan } from '../../engine/plan.ts';
import { RecordedAnswers } from '../../engine/recorded-answers.ts';
import type { Weft } from '../../weft.ts';
import { runnablePlan } from '../test-run.ts';
import { checkAssertions } from './assertions.ts';
import { bounded, compareRun, type FlowShape } from './compare.ts';
import { observeRun, outputsOf, shapeOf } from './observe-run.ts';

/** How long one test case may take before it fails (its run is cancelled). */
export const CASE_TIMEOUT_MS = 60_000;

/** The parts of a runtime that run test cases: its engine, its store and its node kinds. */
export type TestRuntime = Pick<Weft, 'engine' | 'store' | 'lookup'>;

export interface RunTestsOptions {
  /** Only these cases (each must exist); all when absent. */
  names?: string[];
  /** Environment variables ($env) over the installation's, under each case's own (`weft test --env`). */
  env?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * Runs a flow's test cases, one after another, on the given runtime's engine as test runs of `definition`:
 * steps that reach outside are answered from each case's recordings (engine/recorded-answers.ts), so no
 * real system is called. Each finished run is compared with its case's expectations.
 */
export async function runTestCases(
  weft: TestRuntime,
  definition: FlowDefinition,
  opts: RunTestsOptions = {},
): Promise<TestReport> {
  const all = definition.tests ?? [];
  const unknown = (opts.names ?? []).filter((n) => !all.some((c) => c.name === n));
  if (unknown.length)
    throw new WeftError(
      ErrorCodes.badRequest,
      `flow "${definition.id}" has no test case ${unknown.map((n) => `"${n}"`).join(', ')}`,
      { details: { path: 'names', names: unknown } },
    );
  const cases = opts.names ? all.filter((c) => opts.names!.includes(c.name)) : all;
  const results: TestCaseResult[] = [];
  if (cases.length > 0) {
    const plan = runnablePlan(weft, definition);
    const shape = shapeOf(definition);
    for (const c of cases) results.push(await runCase(weft, plan, shape, c, opts));
  }
  const passed = results.filter((r) => r.passed).length;
  return { flowId: definition.id, passed, failed: results.length - passed, cases: results };
}

async function runCase(
  weft: TestRuntime,
  plan: FlowPlan,
  shape: FlowShape,
  c: TestCase,
  opts: RunTestsOptions,
): Promise<TestCaseResult> {
  const began = performance.now();
  const done = (r: Partial<TestCaseResult>): TestCaseResult => {
    const differences = bounded(r.differences ?? []);
    const passed = r.error === undefined && differences.length === 0;
    return { name: c.name, ...r, passed, differences, durationMs: Math.round(performance.now() - began) };
  };
  const trigger = triggerOf(plan, c.trigger);
  if (trigger.error !== undefined) return done({ error: trigger.error });
  const answers = new RecordedAnswers(c.name, c.recordings ?? {});
  const env = { ...opts.env, ...c.env };
  let runId: string;
  try {
    ({ runId } = await weft.engine.startRun({
      plan,
      triggerNodeId: trigger.id,
      mode: 'test',
      event: {
        body: c.input ?? null,
        headers: c.headers ?? {},
        query: c.query ?? {},
        method: 'TEST',
        testCase: c.name,
      },
      recordings: answers,
      ...(Object.keys(env).length ? { env } : {}),
    }));
  } catch (err) {
    return done({ error: `the run could not start: ${(err as Error).message}` });
  }
  const timeoutMs = opts.timeoutMs ?? CASE_TIMEOUT_MS;
  const outcome = await weft.engine.waitFor(runId, timeoutMs, 'pause');
  const row = await weft.store.runs.run(runId);
  if (!outcome || !row) {
    const why = `the run did not finish or pause within ${timeoutMs / 1000} s`;
    await weft.engine.cancel(runId, `test case "${c.name}": ${why}`).catch(() => undefined);
    return done({ runId, error: why });
  }
  // A run paused for good (a delay or retry far off) is compared as it stands, then stopped.
  if (!hasEnded(row.status))
    await weft.engine.cancel(runId, `test case "${c.name}" is compared as it paused`).catch(() => undefined);
  const run = await observeRun(weft.store.runs, row);
  const expect = c.expect ?? {};
  const differences = compareRun(expect, run, shape);
  const assertions = expect.assertions ?? [];
  if (assertions.length)
    differences.push(
      ...(await checkAssertions(weft.engine.exprs, assertions, {
        input: c.input ?? null,
        trigger: triggerEventOf(row),
        steps: outputsOf(run),
        response: run.response,
        env,
      })),
    );
  const missed = answers.missed;
  const error =
    missed.length === 0
      ? undefined
      : missed.length === 1
        ? missed[0]
        : `${missed[0]} (and ${missed.length - 1} more calls without an answer)`;
  return done({ runId, differences, ...(error ? { error } : {}) });
}

function triggerOf(
  plan: FlowPlan,
  wanted: string | undefined,
): { id: string; error?: undefined } | { id?: undefined; error: string } {
  if (wanted === undefined) {
    const first = [...plan.nodes.values()].find((n) => n.isTrigger);
    return first ? { id: first.node.id } : { error: 'the flow has no trigger' };
  }
  if (plan.nodes.get(wanted)?.isTrigger) return { id: wanted };
  return { error: `"${wanted}" is not a trigger node of this flow` };
}
