import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api/client.ts';
import type { FlowProblem, VersionInfo } from '../api/types.ts';
import { Dialog } from '../ui/dialog.tsx';
import { usePublish } from './api.ts';

type Outcome =
  | { kind: 'unchanged'; version: number }
  | { kind: 'problems'; message: string; problems: FlowProblem[] }
  | { kind: 'error'; message: string };

function problemsOf(err: ApiError): FlowProblem[] {
  const problems = (err.details as { problems?: unknown } | undefined)?.problems;
  return Array.isArray(problems) ? (problems as FlowProblem[]) : [];
}

function ProblemList({ problems }: { problems: FlowProblem[] }) {
  return (
    <ul className="vproblems">
      {problems.map((p, i) => (
        <li key={i}>
          {p.message}
          {(p.nodeId || p.path) && (
            <span className="muted"> — {[p.nodeId && `node ${p.nodeId}`, p.path].filter(Boolean).join(', ')}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Asks for a note, publishes the draft and explains a refusal. `latest` is the newest version known before publishing. */
export function PublishDialog({
  flowId,
  open,
  latest,
  onClose,
  onPublished,
}: {
  flowId: string;
  open: boolean;
  latest: number | null;
  onClose: () => void;
  onPublished: (v: VersionInfo) => void;
}) {
  const publish = usePublish(flowId);
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  useEffect(() => {
    if (open) {
      setNote('');
      setOutcome(null);
    }
  }, [open]);

  const submit = () => {
    setOutcome(null);
    publish.mutate(note, {
      onSuccess: (v) => {
        if (latest !== null && v.version <= latest) setOutcome({ kind: 'unchanged', version: v.version });
        else onPublished(v);
      },
      onError: (err) => {
        if (err instanceof ApiError && err.code === 'flow_has_problems')
          setOutcome({ kind: 'problems', message: err.message, problems: problemsOf(err) });
        else setOutcome({ kind: 'error', message: err.message });
      },
    });
  };

  return (
    <Dialog
      open={open}
      title="Publish draft"
      onClose={onClose}
      actions={
        <>
          <button type="button" onClick={onClose}>
            {outcome?.kind === 'unchanged' ? 'Close' : 'Cancel'}
          </button>
          <button
            type="button"
            className="primary"
            onClick={submit}
            disabled={publish.isPending}
            aria-busy={publish.isPending}
          >
            Publish
          </button>
        </>
      }
    >
      <p className="muted vdialog-intro">
        Publishing freezes the draft as a new version. It does not change which version is active.
      </p>
      <div className="field">
        <label htmlFor="publish-note">Note</label>
        <textarea
          id="publish-note"
          className="vnote"
          rows={3}
          maxLength={2000}
          value={note}
          placeholder="What changed and why"
          onChange={(e) => setNote(e.target.value)}
        />
        <div className="field-help">
          Optional. Shown in the version list, e.g. when choosing a version to roll back to.
        </div>
      </div>
      {publish.isPending && (
        <p role="status" className="muted">
          Publishing…
        </p>
      )}
      {outcome?.kind === 'unchanged' && (
        <p role="status" className="vnotice">
          No changes since v{outcome.version}. The draft is identical to it, so no new version was made.
        </p>
      )}
      {outcome?.kind === 'problems' && (
        <div role="alert" className="vrefusal">
          <strong>
            The draft cannot be published:{' '}
            {outcome.problems.length === 1
              ? 'it has 1 problem'
              : `it has ${outcome.problems.length || 'some'} problems`}
            .
          </strong>
          {outcome.problems.length > 0 ? <ProblemList problems={outcome.problems} /> : <p>{outcome.message}</p>}
          <Link to={`/flows/${encodeURIComponent(flowId)}`}>
            {outcome.problems.length === 1 ? 'Fix it in the editor' : 'Fix them in the editor'}
          </Link>
        </div>
      )}
      {outcome?.kind === 'error' && (
        <div role="alert" className="vrefusal">
          <strong>Publishing failed.</strong> {outcome.message}
        </div>
      )}
    </Dialog>
  );
}
