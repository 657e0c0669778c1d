import { useEffect, useState } from 'react';
import { TEST_RUN_STATUSES, type TestCase } from '../../../shared/flow-tests.ts';
import { JsonField } from './json-field.tsx';
import { statusProblem } from './json-checks.ts';
import { updateCase } from './use-test-actions.ts';
import { StepExpectations } from './step-expectations.tsx';
import { AssertionsEditor } from './assertions-editor.tsx';

type Expect = TestCase['expect'];
type ResponseExpectation = NonNullable<Expect['response']>;

const STATUS_LABELS: Record<(typeof TEST_RUN_STATUSES)[number], string> = {
  succeeded: 'Succeeded',
  failed: 'Failed',
  compensated: 'Compensated',
  waiting_approval: 'Waiting for approval',
};

/** Drops fields left out, so an expectation with nothing in it is not saved as an empty object. */
function tidyResponse(r: ResponseExpectation): ResponseExpectation | undefined {
  const out: ResponseExpectation = {};
  if (r.status !== undefined) out.status = r.status;
  if (r.body !== undefined) out.body = r.body;
  return Object.keys(out).length ? out : undefined;
}

/** What must come out of the case's run: its status, the webhook answer, step outputs, assertions. */
export function ExpectationsEditor({ testCase }: { testCase: TestCase }) {
  const name = testCase.name;
  const expect = testCase.expect;
  const setExpect = (patch: (current: Expect) => Partial<Expect>, field: string) =>
    updateCase(name, (c) => ({ expect: { ...c.expect, ...patch(c.expect) } }), `expect:${field}`);
  const setResponse = (patch: Partial<ResponseExpectation>, field: string) =>
    setExpect((e) => ({ response: tidyResponse({ ...e.response, ...patch }) }), field);

  const savedStatus = expect.response?.status === undefined ? '' : String(expect.response.status);
  const [statusText, setStatusText] = useState(savedStatus);
  useEffect(
    () => setStatusText((t) => (statusProblem(t) === null && t.trim() !== savedStatus ? savedStatus : t)),
    [savedStatus],
  );
  const statusError = statusProblem(statusText);

  return (
    <div className="tests-form">
      <div className="tests-row">
        <div className="field">
          <label htmlFor="expect-status">Run status</label>
          <select
            id="expect-status"
            value={expect.status ?? ''}
            onChange={(e) => setExpect(() => ({ status: (e.target.value || undefined) as Expect['status'] }), 'status')}
          >
            <option value="">Succeeded (the default)</option>
            {TEST_RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="expect-response-status">Response status</label>
          <input
            id="expect-response-status"
            inputMode="numeric"
            value={statusText}
            placeholder="not compared"
            aria-invalid={!!statusError}
            aria-describedby={statusError ? 'expect-response-status-error' : undefined}
            onChange={(e) => {
              const t = e.target.value;
              setStatusText(t);
              if (statusProblem(t) === null)
                setResponse({ status: t.trim() === '' ? undefined : Number(t) }, 'response.status');
            }}
          />
          {statusError && (
            <p id="expect-response-status-error" className="field-error" role="alert">
              Not saved: {statusError}
            </p>
          )}
        </div>
      </div>
      <JsonField
        id="expect-response-body"
        label="Response body (JSON)"
        help="What the webhook caller must get back; leave empty not to compare it."
        value={expect.response?.body}
        onChange={(body) => setResponse({ body }, 'response.body')}
      />
      <StepExpectations testCase={testCase} onChange={(steps) => setExpect(() => ({ steps }), 'steps')} />
      <AssertionsEditor
        testCase={testCase}
        onChange={(assertions) =>
          setExpect(() => ({ assertions: assertions.length ? assertions : undefined }), 'assertions')
        }
      />
    </div>
  );
}
