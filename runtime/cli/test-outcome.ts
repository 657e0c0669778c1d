import type { TestCaseResult, TestDifference, TestReport } from '../../shared/flow-tests.ts';

/** How the test cases of one flow file came out under `weft test`. */
export interface FlowTestOutcome {
  /** The file as given or found (e.g. "flows/opportunity-won.json"). */
  file: string;
  flowId: string;
  /** The cases' results; absent when the flow could not be tested at all (see `error`). */
  report?: TestReport;
  /** Why no case of the flow could run (the runtime refused the flow, the runner failed). */
  error?: string;
  durationMs: number;
}

export interface TestTotals {
  flows: number;
  cases: number;
  passed: number;
  failed: number;
  /** Flows that could not be tested at all. */
  errors: number;
}

export function totalsOf(outcomes: readonly FlowTestOutcome[]): TestTotals {
  const t: TestTotals = { flows: outcomes.length, cases: 0, passed: 0, failed: 0, errors: 0 };
  for (const o of outcomes) {
    if (!o.report) {
      t.errors++;
      continue;
    }
    for (const c of o.report.cases) {
      t.cases++;
      if (c.passed) t.passed++;
      else t.failed++;
    }
  }
  return t;
}

const VALUE_CHARS = 160;

/** A value as a difference shows it: JSON, cut at a readable length; a missing value is "nothing". */
export function showValue(value: unknown, max = VALUE_CHARS): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** One difference as a line: `path: expected … got …`, with the runner's explanation when it gave one. */
export function describeDifference(d: TestDifference): string {
  const line = `${d.path}: expected ${showValue(d.expected)} got ${showValue(d.actual)}`;
  return d.message ? `${line} (${d.message})` : line;
}

/** The lines that say why a case failed: its error, then at most `max` differences and how many more there are. */
export function failureLines(c: TestCaseResult, max = 10): string[] {
  const lines = c.error ? [c.error] : [];
  lines.push(...c.differences.slice(0, max).map(describeDifference));
  const more = c.differences.length - max;
  if (more > 0) lines.push(`… and ${more} more difference${more === 1 ? '' : 's'}`);
  if (lines.length === 0) lines.push('the case failed without a difference or an error');
  return lines;
}
