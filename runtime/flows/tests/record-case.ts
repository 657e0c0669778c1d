import { ErrorCodes, WeftError, type WeftErrorShape } from '../../../shared/errors.ts';
import {
  type Expectation,
  type RecordedAnswer,
  TEST_RUN_STATUSES,
  type TestCase,
  testCaseSchema,
} from '../../../shared/flow-tests.ts';
import { ERROR_PORT } from '../../../shared/ports.ts';
import { itemIndexOf } from '../../engine/loop-items.ts';
import { triggerEventOf } from '../../engine/payloads.ts';
import type { FlowPlan } from '../../engine/plan.ts';
import { hasEnded } from '../../engine/run-lifecycle.ts';
import { runDefinition } from '../../engine/run-view.ts';
import { StoredSteps } from '../../engine/stored-steps.ts';
import type { StepRow } from '../../store/run-store.ts';
import type { Weft } from '../../weft.ts';

type StepExpectation = NonNullable<Expectation['steps']>[string];

/**
 * A test case made from a finished test run of flow `flowId`: its trigger input, the answers its recorded
 * steps got (every call in order: each attempt, each item of a loop), and as expectations the run's status,
 * its response and the outputs of the steps nothing follows (the flow's results).
 */
export async function recordTestCase(weft: Weft, flowId: string, runId: string, name: string): Promise<TestCase> {
  const runs = weft.store.runs;
  const row = await runs.run(runId);
  if (!row || row.flowId !== flowId)
    throw new WeftError(ErrorCodes.notFound, `flow "${flowId}" has no run "${runId}"`, { details: { path: 'runId' } });
  if (row.mode !== 'test' || row.parentRunId)
    throw new WeftError(ErrorCodes.badRequest, `run "${runId}" is not a test run of the flow; record from a test run`, {
      details: { path: 'runId' },
    });
  if (!hasEnded(row.status))
    throw new WeftError(ErrorCodes.conflict, `run "${runId}" is ${row.status}; record it once it has finished`);
  const definition = await runDefinition(row, (f, v) => weft.flows.version(f, v));
  if (!definition) throw new WeftError(ErrorCodes.notFound, `the definition run "${runId}" executed is gone`);
  const plan = weft.engine.planForDraft(definition);
  const event = triggerEventOf(row);
  const recordings: Record<string, RecordedAnswer[]> = {};
  await gather(weft, plan, row.id, event.body, recordings);
  const results = await resultsOf(weft, plan, row.id, event.body);
  const firstTrigger = [...plan.nodes.values()].find((n) => n.isTrigger)?.node.id;
  const response = row.response ? (JSON.parse(row.response) as { status: number; body?: unknown }) : null;
  const status = TEST_RUN_STATUSES.find((s) => s === row.status);
  const draft = {
    name,
    ...(row.triggerNode !== firstTrigger ? { trigger: row.triggerNode } : {}),
    input: event.body ?? null,
    ...(event.headers && Object.keys(event.headers).length ? { headers: event.headers } : {}),
    ...(event.query && Object.keys(event.query).length ? { query: event.query } : {}),
    recordings: Object.fromEntries(
      Object.entries(recordings)
        .filter(([, a]) => a.length > 0)
        .map(([id, a]) => [id, a.length === 1 ? a[0] : a]),
    ),
    expect: {
      ...(status ? { status } : {}),
      ...(response ? { response: { status: response.status, body: response.body } } : {}),
      ...(Object.keys(results).length ? { steps: results } : {}),
    },
  };
  const parsed = testCaseSchema.safeParse(draft);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => ({
      severity: 'error' as const,
      code: 'schema' as const,
      message: i.message,
      path: i.path.join('.') || '(root)',
    }));
    throw new WeftError(
      'flow_has_problems',
      `the test case cannot be kept: ${problems[0].path}: ${problems[0].message}`,
      {
        details: { problems },
      },
    );
  }
  return parsed.data;
}

/** Adds the answers of the recorded steps of run `runId` (executing `plan`), and of its loops' body runs in item order. */
async function gather(
  weft: Weft,
  plan: FlowPlan,
  runId: string,
  body: unknown,
  out: Record<string, RecordedAnswer[]>,
): Promise<void> {
  const stored = await StoredSteps.read(weft.store.runs, runId, () => body);
  for (const id of plan.order) {
    const pn = plan.nodes.get(id);
    const row = stored.rows.get(id);
    if (!pn || !row) continue;
    if (pn.descriptor.recorded === true && !pn.isTrigger) {
      out[id] = [...(out[id] ?? []), ...answersOf(row, stored.output(id))];
    }
    const bodyPlan = plan.bodies.get(id);
    if (!bodyPlan || pn.isTrigger) continue;
    const items = (await weft.store.runs.childRuns(runId, id)).sort((a, b) => itemIndexOf(a.id) - itemIndexOf(b.id));
    for (const item of items) {
      const itemRow = await weft.store.runs.run(item.id);
      if (itemRow) await gather(weft, bodyPlan, item.id, triggerEventOf(itemRow).body, out);
    }
  }
}

/** Every call a step row stands for: the errors of its earlier attempts, then how its last attempt ended. */
export function answersOf(row: StepRow, output: unknown): RecordedAnswer[] {
  const earlier = row.attemptErrors ? (JSON.parse(row.attemptErrors) as WeftErrorShape[]) : [];
  const out: RecordedAnswer[] = earlier.map(errorAnswer);
  const error = row.error ? (JSON.parse(row.error) as WeftErrorShape) : null;
  if (row.status === 'failed' || (row.status === 'succeeded' && row.port === ERROR_PORT && error))
    out.push(errorAnswer(error ?? { code: 'failed', message: 'the step failed', retryable: false }));
  else if (row.status === 'succeeded')
    out.push(row.port && row.port !== 'out' ? { output, port: row.port } : { output });
  return out;
}

function errorAnswer(e: WeftErrorShape): RecordedAnswer {
  return { error: { code: e.code, message: e.message.slice(0, 2000), ...(e.retryable ? { retryable: true } : {}) } };
}

/** The outputs of the top-level steps that succeeded and that no edge leaves (the flow's results). */
async function resultsOf(
  weft: Weft,
  plan: FlowPlan,
  runId: string,
  body: unknown,
): Promise<Record<string, StepExpectation>> {
  const stored = await StoredSteps.read(weft.store.runs, runId, () => body);
  const out: Record<string, StepExpectation> = {};
  for (const id of plan.order) {
    const pn = plan.nodes.get(id);
    const row = stored.rows.get(id);
    if (!pn || pn.isTrigger || pn.outgoing.size > 0 || row?.status !== 'succeeded') continue;
    out[id] =
      row.port && row.port !== 'out' ? { port: row.port, output: stored.output(id) } : { output: stored.output(id) };
  }
  return out;
}
