import type { Expectation, TestDifference } from '../../../shared/flow-tests.ts';

/** A case reports at most this many differences; one more entry says how many were left out. */
export const MAX_DIFFERENCES = 50;

/** What a step of a finished test case run came to; a node without a step row was skipped. */
export interface ObservedStep {
  status: 'succeeded' | 'failed' | 'retrying' | 'waiting' | 'skipped';
  port: string | null;
  output: unknown;
  error: { code: string; message: string } | null;
}

/** What a test case run came to: its status, its answer to the caller and each top-level step. */
export interface ObservedRun {
  status: string;
  error: { code: string; message: string; nodeId?: string } | null;
  response: { status: number; body?: unknown } | null;
  steps: Record<string, ObservedStep>;
}

/** Where the flow's nodes are: top-level ids, and for a node in a loop body, its loop. */
export interface FlowShape {
  topLevel: ReadonlySet<string>;
  loopOf: ReadonlyMap<string, string>;
}

/**
 * Compares a finished run with a case's expectations (all but its assertions): the run's status (succeeded
 * unless said), the response's status and body, and each expected step's status, port, output and error
 * code. Values are compared deeply; each difference names its path ("steps.rate.output.amount").
 */
export function compareRun(expect: Expectation, run: ObservedRun, shape: FlowShape): TestDifference[] {
  const out: TestDifference[] = [];
  const status = expect.status ?? 'succeeded';
  if (run.status !== status)
    out.push({
      path: 'status',
      expected: status,
      actual: run.status,
      message: run.error
        ? `the run ${run.status}: ${run.error.nodeId ? `step "${run.error.nodeId}": ` : ''}${run.error.message}`
        : `the run ${run.status}`,
    });
  if (expect.response) compareResponse(expect.response, run.response, out);
  for (const [nodeId, want] of Object.entries(expect.steps ?? {})) {
    const path = `steps.${nodeId}`;
    if (!shape.topLevel.has(nodeId)) {
      const loop = shape.loopOf.get(nodeId);
      const message = loop
        ? `step "${nodeId}" runs in the body of loop "${loop}": expect its results in the output of "${loop}"`
        : `the flow has no step "${nodeId}"`;
      out.push({ path, expected: want, actual: undefined, message });
      continue;
    }
    const got: ObservedStep = run.steps[nodeId] ?? { status: 'skipped', port: null, output: undefined, error: null };
    if (want.status !== undefined && want.status !== got.status)
      out.push({ path: `${path}.status`, expected: want.status, actual: got.status, message: got.error?.message });
    if (want.port !== undefined && want.port !== got.port)
      out.push({ path: `${path}.port`, expected: want.port, actual: got.port });
    if (want.output !== undefined) diffValues(want.output, got.output, `${path}.output`, out);
    if (want.error !== undefined && want.error.code !== got.error?.code)
      out.push({
        path: `${path}.error.code`,
        expected: want.error.code,
        actual: got.error?.code ?? null,
        message: got.error ? got.error.message : `step "${nodeId}" has no error`,
      });
  }
  return out;
}

function compareResponse(
  want: NonNullable<Expectation['response']>,
  got: ObservedRun['response'],
  out: TestDifference[],
): void {
  if (!got) {
    out.push({ path: 'response', expected: want, actual: null, message: 'the run gave no response' });
    return;
  }
  if (want.status !== undefined && want.status !== got.status)
    out.push({ path: 'response.status', expected: want.status, actual: got.status });
  if (want.body !== undefined) diffValues(want.body, got.body, 'response.body', out);
}

/**
 * Adds a difference for every place where `actual` is not `expected`, deeply: objects key by key (a key
 * missing on either side is a difference), arrays item by item and by length, anything else by value.
 */
export function diffValues(expected: unknown, actual: unknown, path: string, out: TestDifference[]): void {
  // Past the bound nothing more is shown, so nothing more is looked at (a long list of differing items).
  if (Object.is(expected, actual) || out.length > MAX_DIFFERENCES) return;
  const kind = kindOf(expected);
  if (kind !== kindOf(actual) || kind === 'value') {
    out.push(valueDifference(path, expected, actual));
    return;
  }
  if (kind === 'array') {
    const want = expected as unknown[];
    const got = actual as unknown[];
    if (want.length !== got.length)
      out.push({
        path: `${path}.length`,
        expected: want.length,
        actual: got.length,
        message: `${want.length} items expected, ${got.length} found`,
      });
    for (let i = 0; i < Math.min(want.length, got.length); i++) diffValues(want[i], got[i], `${path}[${i}]`, out);
    return;
  }
  const want = expected as Record<string, unknown>;
  const got = actual as Record<string, unknown>;
  for (const key of Object.keys(want))
    if (Object.hasOwn(got, key)) diffValues(want[key], got[key], pathOf(path, key), out);
    else out.push({ path: pathOf(path, key), expected: want[key], actual: undefined, message: 'missing' });
  for (const key of Object.keys(got))
    if (!Object.hasOwn(want, key))
      out.push({ path: pathOf(path, key), expected: undefined, actual: got[key], message: 'not expected' });
}

function valueDifference(path: string, expected: unknown, actual: unknown): TestDifference {
  if (actual === undefined) return { path, expected, actual, message: 'missing' };
  return { path, expected, actual };
}

function kindOf(v: unknown): 'array' | 'object' | 'value' {
  if (Array.isArray(v)) return 'array';
  return v !== null && typeof v === 'object' ? 'object' : 'value';
}

/** `a.b`, or `a["odd key"]` for a key that is not a plain name. */
function pathOf(path: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** At most MAX_DIFFERENCES differences, and a last entry saying that there were more. */
export function bounded(differences: TestDifference[]): TestDifference[] {
  if (differences.length <= MAX_DIFFERENCES) return differences;
  return [
    ...differences.slice(0, MAX_DIFFERENCES),
    {
      path: '…',
      expected: undefined,
      actual: undefined,
      message: `more than ${MAX_DIFFERENCES} differences; the rest are not shown`,
    },
  ];
}
