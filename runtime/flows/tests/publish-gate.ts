import { ErrorCodes, WeftError } from '../../../shared/errors.ts';
import type { FlowDefinition } from '../../../shared/flow.ts';
import type { VersionTests } from '../../../shared/flow-summary.ts';
import type { TestReport } from '../../../shared/flow-tests.ts';

/** The error code of a publish refused because test cases failed (HTTP 422, the report in its details). */
export const TESTS_FAILED = 'tests_failed';

/** What a version records of its test report. */
export function versionTests(report: TestReport | null): VersionTests {
  if (!report || report.cases.length === 0) return { result: 'none', passed: 0, failed: 0, failing: [] };
  const failing = report.cases.filter((c) => !c.passed).map((c) => c.name);
  return { result: failing.length ? 'failed' : 'passed', passed: report.passed, failed: report.failed, failing };
}

/**
 * Runs the test cases of a definition about to be published. A failing case refuses the publish with
 * tests_failed unless the flow's setting onFailingTests is "warn"; either way the result is what the
 * version records.
 */
export async function testsGate(
  def: FlowDefinition,
  run: ((def: FlowDefinition) => Promise<TestReport>) | undefined,
): Promise<VersionTests> {
  if (!def.tests?.length) return versionTests(null);
  if (!run)
    throw new WeftError(
      ErrorCodes.config,
      'this runtime cannot run test cases, so a flow with test cases cannot be published',
    );
  const report = await run(def);
  const tests = versionTests(report);
  if (tests.result === 'failed' && (def.settings?.onFailingTests ?? 'block') === 'block')
    throw new WeftError(
      TESTS_FAILED,
      `${report.failed} of ${report.cases.length} test cases failed (${tests.failing.map((n) => `"${n}"`).join(', ')}); nothing was published. Fix them, or set the flow's onFailingTests to "warn" to publish anyway`,
      { details: { report } },
    );
  return tests;
}
