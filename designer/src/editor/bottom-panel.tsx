import { useEffect, useState } from 'react';
import { useEditor } from './store.ts';
import { ProblemsPanel } from './problems-panel.tsx';
import { SamplesPanel } from './samples-panel.tsx';
import { TestRunPanel } from './test-run-panel.tsx';

type Tab = 'problems' | 'samples' | 'test';

/** Problems, sample payloads and the last test run, under the canvas. */
export function BottomPanel({ onFromRun }: { onFromRun: (name: string) => void }) {
  const [tab, setTab] = useState<Tab>('problems');
  const [open, setOpen] = useState(true);
  const problems = useEditor((s) => s.problems);
  const samples = useEditor((s) => s.meta.samples?.length ?? 0);
  const testRun = useEditor((s) => s.testRun);
  // A finished test run is what the analyst wants to see next.
  useEffect(() => {
    if (!testRun) return;
    setTab('test');
    setOpen(true);
  }, [testRun]);
  const errorCount = problems?.filter((p) => p.severity === 'error').length ?? 0;
  const tabs: { id: Tab; label: string; badge?: string }[] = [
    { id: 'problems', label: 'Problems', badge: problems ? String(problems.length) : undefined },
    { id: 'samples', label: 'Samples', badge: String(samples) },
    { id: 'test', label: 'Test run', badge: testRun?.status },
  ];
  const show = (t: Tab) => {
    setTab(t);
    setOpen(true);
  };
  return (
    <section className={`editor-bottom ${open ? '' : 'collapsed'}`} aria-label="Problems, samples and test run">
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
        </div>
      )}
    </section>
  );
}
