import { api, enc } from '../api/client.ts';
import type { FlowDefinition } from '../api/types.ts';
import type { TestCaseInput, TestReport } from '../../../shared/flow-tests.ts';

/** Runs the test cases of the draft on screen (all, or those named); no real system is called. */
export function runTests(flowId: string, definition: FlowDefinition, names?: string[]): Promise<TestReport> {
  return api.post<TestReport>(`/api/flows/${enc(flowId)}/tests/run`, { definition, ...(names ? { names } : {}) });
}

/** A test case made from a finished test run: its input, the answers of its outside steps, what came out. */
export async function recordCase(flowId: string, runId: string, name: string): Promise<TestCaseInput> {
  const r = await api.post<{ testCase: TestCaseInput }>(`/api/flows/${enc(flowId)}/tests/record`, { runId, name });
  return r.testCase;
}
