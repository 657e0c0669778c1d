import { Link } from 'react-router';
import { useEditor } from './store.ts';
import { useFocusNode } from './focus-node.ts';
import { StatusBadge } from '../ui/status-badge.tsx';
import { formatDuration, formatTime } from '../ui/format.ts';
import { runLabel } from '../runs/run-id.ts';
import { pauseOf } from './run-pause.ts';

export function TestRunPanel() {
  const run = useEditor((s) => s.testRun);
  const focus = useFocusNode();
  const nodes = useEditor((s) => s.nodes);
  const nameOf = (id: string) => nodes.find((n) => n.id === id)?.data.node.name || id;
  const pause = run && pauseOf(run, formatTime);
  if (!run)
    return (
      <p className="muted">
        No test run yet. Choose a sample in the toolbar and press <strong>Test run</strong> (Ctrl+Enter); nodes turn
        green, red or grey, and clicking one shows what it received and produced.
      </p>
    );
  return (
    <div>
      <p>
        <StatusBadge status={run.status} /> {run.steps?.length ?? 0} steps in{' '}
        {formatDuration(run.finishedAt ? run.finishedAt - run.createdAt : null)} ·{' '}
        <Link to={`/runs/${run.id}`} title={run.id}>
          Open test run {runLabel(run, formatTime)}
        </Link>
      </p>
      {run.error && (
        <p className="error-line" role="alert">
          {run.error.nodeId && <strong title={run.error.nodeId}>{nameOf(run.error.nodeId)}:</strong>}{' '}
          {run.error.message}
        </p>
      )}
      {pause && (
        <p role="status">
          <StatusBadge status="waiting" label="Paused" /> <strong title={pause.nodeId}>{nameOf(pause.nodeId)}</strong>{' '}
          {pause.text}; the nodes after it have not run yet.
        </p>
      )}
      <ul className="steps-inline">
        {(run.steps ?? []).map((st) => (
          <li key={st.nodeId}>
            <button
              type="button"
              onClick={() => focus(st.nodeId)}
              aria-label={`Show step ${nameOf(st.nodeId)}`}
              title={st.nodeId}
            >
              <StatusBadge status={st.status} /> {nameOf(st.nodeId)}
              {st.attempts > 1 && <span className="muted">{st.attempts} attempts</span>}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
