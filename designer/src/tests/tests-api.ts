import { api, enc } from '../api/client.ts';
import type { operations } from '../api/schema.d.ts';
import type { FlowDefinition, TestReport } from '../api/types.ts';

type RunBody = NonNullable<operations['runFlowTests']['requestBody']>['content']['application/json'];
type RecordBody = operations['recordFlowTest']['requestBody']['content']['application/json'];
type Recorded = operations['recordFlowTest']['responses'][200]['content']['application/json'];

/** Runs the test cases of the draft on screen (all, or those named); no real system is called. */
export function runTests(flowId: string, definition: FlowDefinition, names?: string[]): Promise<TestReport> {
  const body: RunBody = { definition, ...(names ? { names } : {}) };
  return api.post<TestReport>(`/api/flows/${enc(flowId)}/tests/run`, body);
}

/** A test case made from a finished test run: its input, the answers of its outside steps, what came out. */
export async function recordCase(flowId: string, runId: string, name: string): Promise<Recorded['testCase']> {
  const body: RecordBody = { runId, name };
  const r = await api.post<Recorded>(`/api/flows/${enc(flowId)}/tests/record`, body);
  return r.testCase;
}
