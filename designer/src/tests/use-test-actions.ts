import { useCallback } from 'react';
import { useEditor } from '../editor/store.ts';
import { testCaseSchema, type TestCase } from '../../../shared/flow-tests.ts';
import { recordCase, runTests } from './tests-api.ts';
import { useTestResults } from './results-store.ts';
import type { TestReport } from '../api/types.ts';
import { removeCase, renameCase, replaceCase } from './test-cases.ts';

export const NO_CASES: TestCase[] = [];

/** The cases of the draft on screen. */
export function useCases(): TestCase[] {
  return useEditor((s) => s.meta.tests ?? NO_CASES);
}

/** Writes the cases into the draft: an edit like any other (undo, unsaved mark, saved with the flow). */
export function setCases(next: TestCase[], coalesceKey?: string): void {
  useEditor.getState().updateMeta({ tests: next.length ? next : undefined }, coalesceKey ?? `tests:${Date.now()}`);
}

/** Changes one case; edits of the same field of the same case within a second are one undo step. */
export function updateCase(
  name: string,
  patch: Partial<TestCase> | ((current: TestCase) => Partial<TestCase>),
  field: string,
): void {
  const cases = useEditor.getState().meta.tests ?? NO_CASES;
  const current = cases.find((c) => c.name === name);
  if (!current) return;
  const changes = typeof patch === 'function' ? patch(current) : patch;
  setCases(replaceCase(cases, name, { ...current, ...changes }), `tests:${name}:${field}`);
}

export function deleteCase(name: string): void {
  setCases(removeCase(useEditor.getState().meta.tests ?? NO_CASES, name));
  useTestResults.getState().forget(name);
}

export function renameTestCase(from: string, to: string): void {
  setCases(renameCase(useEditor.getState().meta.tests ?? NO_CASES, from, to));
  useTestResults.getState().rename(from, to.trim());
}

/** Runs cases of the draft as it is on screen (saved or not) and keeps their results for this session. */
export function useRunCases() {
  return useCallback(async (names?: string[]) => {
    const s = useEditor.getState();
    const flowId = s.flowId!;
    const asked = names ?? (s.meta.tests ?? NO_CASES).map((c) => c.name);
    if (asked.length === 0) return;
    const results = useTestResults.getState();
    results.begin(flowId, asked);
    try {
      const report = await runTests(flowId, s.definition(), names);
      results.finish(flowId, asked, report.cases, Date.now());
    } catch (e) {
      results.fail(flowId, `The test cases could not be run: ${(e as Error).message}`);
    }
  }, []);
}

/** Makes a case from the last test run of this session and adds it to the draft. */
export async function recordFromRun(runId: string, name: string): Promise<TestCase> {
  const s = useEditor.getState();
  const made = await recordCase(s.flowId!, runId, name);
  const parsed = testCaseSchema.safeParse({ ...made, name });
  if (!parsed.success)
    throw new Error(`The recorded case is not valid: ${parsed.error.issues[0]?.message ?? 'unknown problem'}`);
  setCases([...(useEditor.getState().meta.tests ?? NO_CASES), parsed.data]);
  return parsed.data;
}

/**
 * A publish refused because test cases fail (422 tests_failed, the report in its details): the results go to
 * the Tests tab, which shows itself, and the message says how many failed. Null for any other refusal.
 */
export function refusedForTests(flowId: string, code: string, details: unknown): string | null {
  const report = (details as { report?: TestReport } | undefined)?.report;
  if (code !== 'tests_failed' || !report) return null;
  const results = useTestResults.getState();
  results.finish(flowId, [], report.cases, Date.now());
  results.reveal();
  const total = report.cases.length;
  return `Not published: ${report.failed} of ${total} test ${total === 1 ? 'case fails' : 'cases fail'}; see the Tests tab.`;
}
