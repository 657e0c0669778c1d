import { useEffect, useRef, useState } from 'react';
import { useEditor } from '../editor/store.ts';
import { useTestResults } from './results-store.ts';
import { useCases, useRunCases } from './use-test-actions.ts';
import { CaseResult, OutcomeBadge } from './case-result.tsx';
import { InputEditor } from './input-editor.tsx';
import { RecordingsEditor } from './recordings-editor.tsx';
import { ExpectationsEditor } from './expectations-editor.tsx';

type Section = 'expect' | 'input' | 'recordings' | 'result';

/**
 * One test case, edited in place: every change goes into the draft at once (undo and save as for any edit);
 * a box whose text is not valid keeps the last good value and says why.
 */
export function CaseEditor({ name, onClose }: { name: string; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  const testCase = useCases().find((c) => c.name === name);
  const flowId = useEditor((s) => s.flowId);
  const outcome = useTestResults((s) => (s.flowId === flowId ? s.outcomes[name] : undefined));
  const running = useTestResults((s) => s.flowId === flowId && s.running.includes(name));
  const run = useRunCases();
  const [section, setSection] = useState<Section>('expect');
  // Show the result once a run of this case ends.
  const seen = useRef(outcome);
  useEffect(() => {
    if (outcome && outcome !== seen.current) setSection('result');
    seen.current = outcome;
  }, [outcome]);
  if (!testCase) return null;
  const recordings = Object.keys(testCase.recordings ?? {}).length;
  const sections: { id: Section; label: string }[] = [
    { id: 'expect', label: 'Expectations' },
    { id: 'input', label: 'Input' },
    { id: 'recordings', label: `Recordings (${recordings})` },
    { id: 'result', label: 'Last result' },
  ];
  return (
    <dialog ref={ref} className="tests-dialog" aria-label={`Test case ${name}`} onClose={onClose} onCancel={onClose}>
      <header className="tests-dialog-head">
        <h2>Test case “{name}”</h2>
        <OutcomeBadge outcome={outcome} running={running} />
        <span className="tests-dialog-spacer" />
        <button type="button" className="primary" disabled={running} onClick={() => run([name])}>
          Run this case
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      <div className="tabs" role="tablist" aria-label="Parts of the test case">
        {sections.map((s) => (
          <button
            key={s.id}
            type="button"
            role="tab"
            id={`case-tab-${s.id}`}
            aria-controls="case-section"
            aria-selected={section === s.id}
            onClick={() => setSection(s.id)}
          >
            {s.label}
          </button>
        ))}
      </div>
      <div className="tests-dialog-body" role="tabpanel" id="case-section" aria-labelledby={`case-tab-${section}`}>
        {section === 'expect' && <ExpectationsEditor testCase={testCase} />}
        {section === 'input' && <InputEditor testCase={testCase} />}
        {section === 'recordings' && <RecordingsEditor testCase={testCase} />}
        {section === 'result' &&
          (outcome ? (
            <CaseResult outcome={outcome} />
          ) : (
            <p className="muted">Not run yet in this session: press Run this case.</p>
          ))}
      </div>
    </dialog>
  );
}
