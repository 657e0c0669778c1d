import { failureLines, type FlowTestOutcome, totalsOf } from './test-outcome.ts';

/** What `weft test` prints for one flow: its file and id, then ✓ or ✗ per case with why a case failed. */
export function flowSummary(o: FlowTestOutcome, maxDifferences = 10): string[] {
  if (!o.report) return [`✗ ${o.file} (${o.flowId}): could not be tested: ${o.error ?? 'no report'}`];
  const cases = o.report.cases;
  if (cases.length === 0) return [`– ${o.file} (${o.flowId}): no test cases`];
  const out = [`${o.report.failed ? '✗' : '✓'} ${o.file} (${o.flowId}) ${ms(o.durationMs)}`];
  for (const c of cases) {
    out.push(`    ${c.passed ? '✓' : '✗'} ${c.name} ${ms(c.durationMs)}`);
    if (!c.passed) for (const line of failureLines(c, maxDifferences)) out.push(`        ${line}`);
  }
  return out;
}

/** The last line: flows, cases passed and failed, time. */
export function totalsLine(outcomes: readonly FlowTestOutcome[], elapsedMs: number): string {
  const t = totalsOf(outcomes);
  const parts = [`${t.passed} passed`];
  if (t.failed) parts.push(`${t.failed} failed`);
  if (t.errors) parts.push(`${t.errors} flow${t.errors === 1 ? '' : 's'} not tested`);
  return `${plural(t.flows, 'flow')}, ${plural(t.cases, 'test case')}: ${parts.join(', ')} in ${seconds(elapsedMs)}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const ms = (n: number) => `(${Math.round(n)} ms)`;
const seconds = (n: number) => `${(n / 1000).toFixed(1)} s`;
