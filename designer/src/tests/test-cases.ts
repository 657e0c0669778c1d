import type { StepView } from '../api/types.ts';
import type { TestCase } from '../../../shared/flow-tests.ts';

type StepExpectation = NonNullable<TestCase['expect']['steps']>[string];

export const NAME_MAX = 200;

/** Why `name` cannot name a case among `cases` (null when it can); `except` is the case being renamed. */
export function nameProblem(name: string, cases: readonly TestCase[], except?: string): string | null {
  const n = name.trim();
  if (n === '') return 'Give the test case a name.';
  if (n.length > NAME_MAX) return `A test case name has at most ${NAME_MAX} characters (this one has ${n.length}).`;
  if (n !== except && cases.some((c) => c.name === n)) return `Another test case is named “${n}”.`;
  return null;
}

/** `base`, or `base (2)`, `base (3)`… whichever no case has yet. */
export function freeName(base: string, cases: readonly TestCase[]): string {
  const taken = new Set(cases.map((c) => c.name));
  const stem = base.slice(0, NAME_MAX - 6);
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i++) if (!taken.has(`${stem} (${i})`)) return `${stem} (${i})`;
}

export function replaceCase(cases: readonly TestCase[], name: string, next: TestCase): TestCase[] {
  return cases.map((c) => (c.name === name ? next : c));
}

export function removeCase(cases: readonly TestCase[], name: string): TestCase[] {
  return cases.filter((c) => c.name !== name);
}

export function renameCase(cases: readonly TestCase[], from: string, to: string): TestCase[] {
  return cases.map((c) => (c.name === from ? { ...c, name: to.trim() } : c));
}

/** What a step of a run did, as an expectation of a case: its status and, as it succeeded, its output and port. */
export function expectationOfStep(step: Pick<StepView, 'status' | 'output' | 'port' | 'error'>): StepExpectation {
  if (step.status === 'failed')
    return { status: 'failed', ...(step.error ? { error: { code: step.error.code } } : {}) };
  if (step.status === 'skipped') return { status: 'skipped' };
  return {
    status: 'succeeded',
    ...(step.port && step.port !== 'out' ? { port: step.port } : {}),
    ...(step.output === undefined ? {} : { output: step.output }),
  };
}

/** Sets (or with undefined removes) one entry of a record that may be absent; an empty record becomes absent. */
export function withEntry<T>(
  record: Record<string, T> | undefined,
  key: string,
  value: T | undefined,
): Record<string, T> | undefined {
  const next = { ...record };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return Object.keys(next).length ? next : undefined;
}

/** The steps of a run that can be expected, in run order, with what they did. */
export function expectableSteps(steps: readonly StepView[] | undefined): StepView[] {
  return (steps ?? []).filter((s) => s.status === 'succeeded' || s.status === 'failed' || s.status === 'skipped');
}
