import { useState } from 'react';
import type { Recording, TestCase } from '../../../shared/flow-tests.ts';
import { useEditor } from '../editor/store.ts';
import { JsonField } from './json-field.tsx';
import { recordingProblem } from './json-checks.ts';
import { updateCase } from './use-test-actions.ts';
import { withEntry } from './test-cases.ts';
import { useNodeName } from './case-result.tsx';

/** The answers the case gives in place of the outside systems, one box per step. */
export function RecordingsEditor({ testCase }: { testCase: TestCase }) {
  const name = testCase.name;
  const nameOf = useNodeName();
  const nodes = useEditor((s) => s.nodes);
  const testRun = useEditor((s) => s.testRun);
  const recordings = testCase.recordings ?? {};
  const free = nodes.filter((n) => !n.data.node.type.startsWith('trigger.') && !(n.id in recordings));
  const [adding, setAdding] = useState('');
  const set = (nodeId: string, value: Recording | undefined) =>
    updateCase(name, { recordings: withEntry(testCase.recordings, nodeId, value) }, `recording:${nodeId}`);
  const add = () => {
    const step = testRun?.steps?.find((s) => s.nodeId === adding);
    set(adding, step?.status === 'succeeded' ? { output: step.output ?? null } : { output: null });
    setAdding('');
  };
  return (
    <div className="tests-form">
      <p className="muted">
        A step with a recording is not executed when the case runs: it answers with what is recorded here. Steps that
        reach outside (connectors, lookup writes, calls of other flows, approvals) need one. An answer is{' '}
        <code>{'{"output": …}'}</code> or <code>{'{"error": {"code": …, "message": …}}'}</code>; a list gives one answer
        per call, in order.
      </p>
      {Object.keys(recordings).length === 0 && <p className="muted">This case has no recordings.</p>}
      {Object.entries(recordings).map(([nodeId, rec]) => (
        <section key={nodeId} className="tests-item" aria-label={`Recording of ${nameOf(nodeId) ?? nodeId}`}>
          <div className="tests-item-head">
            <strong>{nameOf(nodeId) ?? 'A node this flow no longer has'}</strong>
            <span className="mono muted">{nodeId}</span>
            <button
              type="button"
              className="small"
              onClick={() => set(nodeId, undefined)}
              aria-label={`Remove the recording of ${nameOf(nodeId) ?? nodeId}`}
            >
              Remove
            </button>
          </div>
          <JsonField
            id={`rec-${nodeId}`}
            label={`Answer of ${nameOf(nodeId) ?? nodeId}`}
            value={rec}
            required="A recording needs an answer; remove it instead to let the step run."
            check={recordingProblem}
            onChange={(v) => set(nodeId, v as Recording)}
          />
        </section>
      ))}
      {free.length > 0 && (
        <div className="tests-add">
          <label htmlFor="rec-add">Add a recording for</label>
          <select id="rec-add" value={adding} onChange={(e) => setAdding(e.target.value)}>
            <option value="">Choose a step…</option>
            {free.map((n) => (
              <option key={n.id} value={n.id}>
                {n.data.node.name || n.id} ({n.id})
              </option>
            ))}
          </select>
          <button type="button" disabled={!adding} onClick={add}>
            Add recording
          </button>
        </div>
      )}
    </div>
  );
}
