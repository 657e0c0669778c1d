import { describe, expect, it } from 'vitest';
import type { TestReport } from '../api/types.ts';
import { useTestResults } from './results-store.ts';
import { refusedForTests } from './use-test-actions.ts';

const report: TestReport = {
  flowId: 'won',
  passed: 1,
  failed: 1,
  cases: [
    { name: 'Good', passed: true, differences: [], durationMs: 3 },
    {
      name: 'Bad',
      passed: false,
      differences: [{ path: 'response.status', expected: 201, actual: 422 }],
      durationMs: 4,
    },
  ],
};

describe('a publish refused for failing test cases', () => {
  it('puts the report into the Tests tab, asks it to show itself and says how many failed', () => {
    const before = useTestResults.getState().revealed;
    expect(refusedForTests('won', 'tests_failed', { report })).toBe(
      'Not published: 1 of 2 test cases fail; see the Tests tab.',
    );
    const s = useTestResults.getState();
    expect(s.flowId).toBe('won');
    expect(Object.keys(s.outcomes).sort()).toEqual(['Bad', 'Good']);
    expect(s.outcomes.Bad?.result.differences[0]?.path).toBe('response.status');
    expect(s.revealed).toBe(before + 1);
  });

  it('leaves any other refusal alone', () => {
    const before = useTestResults.getState().revealed;
    expect(refusedForTests('won', 'flow_has_problems', { report })).toBeNull();
    expect(refusedForTests('won', 'tests_failed', { problems: [] })).toBeNull();
    expect(useTestResults.getState().revealed).toBe(before);
  });

  it('drops the results of another flow when a new flow gets some', () => {
    useTestResults.getState().finish('other', [], [report.cases[0]!], 1);
    expect(Object.keys(useTestResults.getState().outcomes)).toEqual(['Good']);
  });
});
