import { useEffect, useRef, useState } from 'react';
import { useEditor } from './store.ts';
import { ProblemsPanel } from './problems-panel.tsx';
import { SamplesPanel } from './samples-panel.tsx';
import { TestRunPanel } from './test-run-panel.tsx';
import { TestsPanel } from '../tests/tests-panel.tsx';
import { useTestResults } from '../tests/results-store.ts';

type Tab = 'problems' | 'samples' | 'test' | 'tests';

/** Problems, sample payloads, the last test run and the flow's test cases, under the canvas. */
export function BottomPanel({
  onFromRun,
  onNotice,
}: {
  onFromRun: (name: string) => void;
  onNotice: (text: string) => void;
}) {
  const [tab, setTab] = useState<Tab>('problems');
  const [open, setOpen] = useState(true);
  const problems = useEditor((s) => s.problems);
  const samples = useEditor((s) => s.meta.samples?.length ?? 0);
  const testRun = useEditor((s) => s.testRun);
  const cases = useEditor((s) => s.meta.tests?.length ?? 0);
  // A finished test run is what the analyst wants to see next.
  useEffect(() => {
    if (!testRun) return;
    setTab('test');
    setOpen(true);
  }, [testRun]);
  // Results the analyst did not ask for (a publish refused for failing test cases) are shown at once.
  const revealed = useTestResults((s) => s.revealed);
  const shownReveal = useRef(revealed);
  useEffect(() => {
    if (revealed === shownReveal.current) return;
    shownReveal.current = revealed;
    setTab('tests');
    setOpen(true);
  }, [revealed]);
  const errorCount = problems?.filter((p) => p.severity === 'error').length ?? 0;
  const tabs: { id: Tab; label: string; badge?: string }[] = [
    // '–' until the first check answers, so the tabs after it do not move when the count arrives.
    { id: 'problems', label: 'Problems', badge: problems ? String(problems.length) : '–' },
    { id: 'samples', label: 'Samples', badge: String(samples) },
    { id: 'test', label: 'Test run', badge: testRun?.status },
    { id: 'tests', label: 'Tests', badge: String(cases) },
  ];
  const show = (t: Tab) => {
    setTab(t);
    setOpen(true);
  };
  return (
    <section
      className={`editor-bottom ${open ? '' : 'collapsed'} ${open && tab === 'tests' ? 'tall' : ''}`}
      aria-label="Problems, samples and test run"
    >
      <div className="tabs" role="tablist">
        {tabs.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={open && tab === t.id} onClick={() => show(t.id)}>
            {t.label}
            {t.badge !== undefined && (
              <span
                className={`tab-badge ${t.id === 'problems' && errorCount > 0 ? 'bad' : ''} ${t.id === 'test' ? `run-${t.badge}` : ''}`}
              >
                {t.badge}
              </span>
            )}
          </button>
        ))}
        <button
          type="button"
          className="ghost small collapse"
          aria-label={open ? 'Collapse panel' : 'Expand panel'}
          onClick={() => setOpen(!open)}
        >
          {open ? '▾' : '▴'}
        </button>
      </div>
      {open && (
        <div className="bottom-body" role="tabpanel">
          {tab === 'problems' && <ProblemsPanel />}
          {tab === 'samples' && <SamplesPanel onFromRun={onFromRun} />}
          {tab === 'test' && <TestRunPanel />}
          {tab === 'tests' && <TestsPanel onNotice={onNotice} />}
        </div>
      )}
    </section>
  );
}
