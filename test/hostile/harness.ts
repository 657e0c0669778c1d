import { beforeAll, afterAll, afterEach, expect } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import type { WeftConfig } from '../../runtime/config.ts';
import { testWeft, deploy, finished, stepRows } from '../support/weft.ts';
import { count } from '../support/rows.ts';
import { client } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';

/** A flow that has nothing to do with the hostile input: after every case it must still answer. */
const control = flow(
  'control',
  {
    in: n.webhook('control'),
    sum: n.map("{ 'sum': a + b }"),
    reply: n.respond({ status: 200, body: '=$' }),
  },
  ['in>sum', 'sum>reply'],
);

const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();

/** Object.prototype has exactly the properties it had when the test file started. */
export function expectCleanPrototypes(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Array.prototype)).not.toContain('polluted');
}

export interface HostileSuite {
  readonly weft: Weft;
  readonly call: ReturnType<typeof client>;
}

/**
 * One runtime for a whole file of hostile cases. After each case the runtime
 * must still serve: /healthz answers, an unrelated flow runs to its answer, and
 * Object.prototype is untouched.
 */
export function hostileSuite(config: Partial<WeftConfig> = {}): HostileSuite {
  const state = {} as { weft: Weft; call: ReturnType<typeof client> };
  beforeAll(async () => {
    state.weft = await testWeft({ config });
    state.call = client(state.weft);
    await deploy(state.weft, control);
  });
  afterAll(() => state.weft?.close(500));
  afterEach(async () => {
    const health = await state.call('GET', '/healthz');
    expect(health.status, 'GET /healthz after the case').toBe(200);
    const res = await state.call('POST', '/hooks/control', { a: 2, b: 40 });
    expect(res.status, `the control flow after the case: ${JSON.stringify(res.body)}`).toBe(200);
    expect(res.body).toEqual({ sum: 42 });
    expectCleanPrototypes();
  });
  return {
    get weft() {
      return state.weft;
    },
    get call() {
      return state.call;
    },
  };
}

/** The step rows of a finished run, keyed by node id. */
export async function finishedSteps(weft: Weft, runId: string, timeoutMs = 10_000) {
  const run = await finished(weft, runId, timeoutMs);
  return { run, steps: await stepRows(weft, runId) };
}

/** The stored error of a step, parsed. */
export function stepError(step: { error: string | null } | undefined): { code: string; message: string } {
  expect(step?.error, 'the step has an error').toMatch(/^\{"code":/);
  return JSON.parse(step!.error!) as { code: string; message: string };
}

export const runCount = (weft: Weft, flowId: string): Promise<number> => count(weft, 'runs', 'flow_id = ?', [flowId]);
