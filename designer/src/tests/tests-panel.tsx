import { Fragment, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useEditor } from '../editor/store.ts';
import { ConfirmDialog } from '../ui/dialog.tsx';
import { formatDuration, formatTime } from '../ui/format.ts';
import { runLabel } from '../runs/run-id.ts';
import { useTestResults, type CaseOutcome } from './results-store.ts';
import { deleteCase, recordFromRun, renameTestCase, useCases, useRunCases } from './use-test-actions.ts';
import { freeName, nameProblem } from './test-cases.ts';
import { CaseResult, OutcomeBadge } from './case-result.tsx';
import { NameDialog } from './name-dialog.tsx';
import { CaseEditor } from './case-editor.tsx';
import './tests.css';

/** A run in these states has not finished: it cannot be recorded yet. */
const UNFINISHED = new Set(['running', 'waiting_approval']);

/** The results of this flow's cases in this session (another flow's are not shown). */
function useOutcomes() {
  const flowId = useEditor((s) => s.flowId);
  return useTestResults(
    useShallow((s) =>
      s.flowId === flowId
        ? { outcomes: s.outcomes, running: s.running, failure: s.failure }
        : { outcomes: NONE, running: NOBODY, failure: null },
    ),
  );
}
const NONE: Record<string, CaseOutcome> = {};
/** The time of day a case ran (results last for this session only; the full date is in its title). */
const clockTime = (ms: number) => new Date(ms).toLocaleTimeString(undefined, { timeStyle: 'medium' });
const NOBODY: string[] = [];

/** The flow's test cases: record one from the last test run, run them, edit them, see why one fails. */
export function TestsPanel({ onNotice }: { onNotice: (text: string) => void }) {
  const cases = useCases();
  const testRun = useEditor((s) => s.testRun);
  const { outcomes, running, failure } = useOutcomes();
  const run = useRunCases();
  const [recording, setRecording] = useState(false);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);

  const recordHint = !testRun
    ? 'Do a test run first (Test run in the toolbar): a case is recorded from it.'
    : UNFINISHED.has(testRun.status)
      ? 'The last test run has not finished yet.'
      : `Records test run ${runLabel(testRun, formatTime)}.`;
  const canRecord = !!testRun && !UNFINISHED.has(testRun.status);
  const shown = cases.map((c) => outcomes[c.name]).filter((o): o is CaseOutcome => !!o);
  const passed = shown.filter((o) => o.result.passed).length;

  return (
    <div className="tests">
      <div className="tests-actions">
        <button
          type="button"
          disabled={!canRecord}
          onClick={() => setRecording(true)}
          aria-describedby="tests-record-hint"
        >
          Record from last test run
        </button>
        <button
          type="button"
          className="primary"
          disabled={cases.length === 0 || running.length > 0}
          onClick={() => run()}
        >
          {running.length > 0 ? 'Running…' : 'Run all'}
        </button>
        <span id="tests-record-hint" className="muted tests-hint">
          {recordHint}
        </span>
        {shown.length > 0 && (
          <span className="tests-summary" role="status">
            {passed} passed · {shown.length - passed} failed
            {cases.length > shown.length ? ` · ${cases.length - shown.length} not run` : ''}
          </span>
        )}
      </div>
      {failure && (
        <p className="error-line" role="alert">
          {failure}
        </p>
      )}
      {cases.length === 0 ? (
        <p className="muted">
          No test cases yet. A test case keeps a trigger input, the answers the outside systems gave and what must come
          out; running it calls no real system. Do a test run, then record it here.
        </p>
      ) : (
        <table className="tests-table">
          <caption className="tests-sr-only">Test cases of this flow</caption>
          <thead>
            <tr>
              <th scope="col">Test case</th>
              <th scope="col">Last result</th>
              <th scope="col">Ran</th>
              <th scope="col">
                <span className="tests-sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {cases.map((c) => {
              const outcome = outcomes[c.name];
              const busy = running.includes(c.name);
              return (
                <Fragment key={c.name}>
                  <tr className={outcome && !outcome.result.passed ? 'failing' : ''}>
                    <th scope="row">
                      <span className="tests-name">{c.name}</span>
                      {c.description && <span className="muted tests-description">{c.description}</span>}
                    </th>
                    <td>
                      <OutcomeBadge outcome={outcome} running={busy} />
                    </td>
                    <td className="muted tests-ran" title={outcome ? formatTime(outcome.at) : undefined}>
                      {outcome ? `${clockTime(outcome.at)} · ${formatDuration(outcome.result.durationMs)}` : '—'}
                    </td>
                    <td className="tests-row-actions">
                      <button
                        type="button"
                        className="small"
                        disabled={busy}
                        onClick={() => run([c.name])}
                        aria-label={`Run test case ${c.name}`}
                      >
                        Run
                      </button>
                      <button
                        type="button"
                        className="small"
                        onClick={() => setEditing(c.name)}
                        aria-label={`Edit test case ${c.name}`}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className="small"
                        onClick={() => setRenaming(c.name)}
                        aria-label={`Rename test case ${c.name}`}
                      >
                        Rename
                      </button>
                      <button
                        type="button"
                        className="small"
                        onClick={() => setDeleting(c.name)}
                        aria-label={`Delete test case ${c.name}`}
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                  {outcome && !outcome.result.passed && !busy && (
                    <tr className="tests-result-row">
                      <td colSpan={4}>
                        <CaseResult outcome={outcome} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
      <NameDialog
        open={recording}
        title="Record a test case"
        submitLabel="Record"
        initial={freeName(testRun ? `Test run ${runLabel(testRun, formatTime)}` : 'Test case', cases)}
        help="The case keeps this test run's input, the answers of its steps that reach outside, and what came out."
        onClose={() => setRecording(false)}
        onSubmit={async (name) => {
          const problem = nameProblem(name, cases);
          if (problem) throw new Error(problem);
          const made = await recordFromRun(testRun!.id, name.trim());
          setRecording(false);
          onNotice(`Test case “${made.name}” recorded`);
        }}
      />
      <NameDialog
        open={renaming !== null}
        title={`Rename “${renaming ?? ''}”`}
        submitLabel="Rename"
        initial={renaming ?? ''}
        onClose={() => setRenaming(null)}
        onSubmit={async (name) => {
          const problem = nameProblem(name, cases, renaming!);
          if (problem) throw new Error(problem);
          renameTestCase(renaming!, name);
          setRenaming(null);
        }}
      />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting ?? ''}”?`}
        message="The test case is removed from the draft; save the flow to keep the change."
        confirmLabel="Delete test case"
        danger
        onConfirm={() => {
          deleteCase(deleting!);
          setDeleting(null);
        }}
        onClose={() => setDeleting(null)}
      />
      {editing && <CaseEditor name={editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
