import { useState } from 'react';
import type { TestCase } from '../../../shared/flow-tests.ts';
import { useEditor } from '../editor/store.ts';
import { JsonField } from './json-field.tsx';
import { stepExpectationProblem } from './json-checks.ts';
import { expectableSteps, expectationOfStep, withEntry } from './test-cases.ts';
import { useNodeName } from './case-result.tsx';

type Steps = NonNullable<TestCase['expect']['steps']>;

/** Per-step expectations, each taken from a step of the last test run and then edited as JSON. */
export function StepExpectations({
  testCase,
  onChange,
}: {
  testCase: TestCase;
  onChange: (steps: Steps | undefined) => void;
}) {
  const nameOf = useNodeName();
  const testRun = useEditor((s) => s.testRun);
  const steps = testCase.expect.steps ?? {};
  const candidates = expectableSteps(testRun?.steps).filter((s) => !(s.nodeId in steps));
  const [adding, setAdding] = useState('');
  const set = (nodeId: string, value: Steps[string] | undefined) =>
    onChange(withEntry(testCase.expect.steps, nodeId, value));
  return (
    <section className="tests-group" aria-labelledby="expect-steps-title">
      <h3 id="expect-steps-title">Step outputs</h3>
      {Object.keys(steps).length === 0 && <p className="muted">No step is compared.</p>}
      {Object.entries(steps).map(([nodeId, exp]) => (
        <div key={nodeId} className="tests-item">
          <div className="tests-item-head">
            <strong>{nameOf(nodeId) ?? 'A node this flow no longer has'}</strong>
            <span className="mono muted">{nodeId}</span>
            <button
              type="button"
              className="small"
              onClick={() => set(nodeId, undefined)}
              aria-label={`Stop comparing ${nameOf(nodeId) ?? nodeId}`}
            >
              Remove
            </button>
          </div>
          <JsonField
            id={`expect-step-${nodeId}`}
            label={`Expected of ${nameOf(nodeId) ?? nodeId}`}
            value={exp}
            required="An empty expectation is not saved; remove it instead."
            check={stepExpectationProblem}
            onChange={(v) => set(nodeId, v as Steps[string])}
          />
        </div>
      ))}
      <div className="tests-add">
        <label htmlFor="expect-step-add">Add from the last test run</label>
        <select
          id="expect-step-add"
          value={adding}
          disabled={candidates.length === 0}
          onChange={(e) => setAdding(e.target.value)}
          aria-describedby="expect-step-add-hint"
        >
          <option value="">Choose a step…</option>
          {candidates.map((s) => (
            <option key={s.nodeId} value={s.nodeId}>
              {nameOf(s.nodeId) ?? s.nodeId} ({s.status})
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={!adding}
          onClick={() => {
            const step = candidates.find((s) => s.nodeId === adding);
            if (step) set(step.nodeId, expectationOfStep(step));
            setAdding('');
          }}
        >
          Add step
        </button>
        <span id="expect-step-add-hint" className="muted">
          {!testRun
            ? 'Do a test run to pick steps from it.'
            : candidates.length === 0
              ? 'Every step of the last test run is compared already.'
              : 'The step’s status and output become what is expected; edit them after.'}
        </span>
      </div>
    </section>
  );
}
