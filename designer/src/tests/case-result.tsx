import { Link } from 'react-router';
import { StatusBadge } from '../ui/status-badge.tsx';
import { formatDuration } from '../ui/format.ts';
import { useEditor } from '../editor/store.ts';
import type { CaseOutcome } from './results-store.ts';
import { DiffTable } from './diff-table.tsx';
import { stepOfError } from './diff-values.ts';

/** The name of a node of the flow on screen, or null when the flow has no such node. */
export function useNodeName(): (nodeId: string) => string | null {
  const nodes = useEditor((s) => s.nodes);
  return (id) => {
    const n = nodes.find((x) => x.id === id);
    return n ? n.data.node.name || id : null;
  };
}

/** Passed or failed with a badge. */
export function OutcomeBadge({ outcome, running }: { outcome: CaseOutcome | undefined; running: boolean }) {
  if (running) return <StatusBadge status="running" label="Running…" />;
  if (!outcome) return <StatusBadge status="pending" label="Not run" />;
  return outcome.result.passed ? (
    <StatusBadge status="succeeded" label="Passed" />
  ) : (
    <StatusBadge status="failed" label="Failed" />
  );
}

/** Why a case failed: the error, naming its step, and the fields that differ. */
export function CaseResult({ outcome }: { outcome: CaseOutcome }) {
  const nameOf = useNodeName();
  const nodes = useEditor((s) => s.nodes);
  const r = outcome.result;
  if (r.passed)
    return (
      <p className="ok-line">
        Every expectation of “{r.name}” held ({formatDuration(r.durationMs)}).
        {r.runId && (
          <>
            {' '}
            <Link to={`/runs/${r.runId}`}>Open its run</Link>
          </>
        )}
      </p>
    );
  const errorStep = r.error
    ? stepOfError(
        r.error,
        nodes.map((n) => ({ id: n.id, name: n.data.node.name ?? '' })),
      )
    : null;
  return (
    <div className="case-result">
      {r.error && (
        <p className="case-error" role="alert">
          {errorStep ? <strong>Step “{nameOf(errorStep)}”: </strong> : <strong>Error: </strong>}
          {r.error}
        </p>
      )}
      {r.differences.length > 0 && (
        <DiffTable
          differences={r.differences}
          nameOf={nameOf}
          caption={`“${r.name}”: ${r.differences.length} ${r.differences.length === 1 ? 'field differs' : 'fields differ'}`}
        />
      )}
      {!r.error && r.differences.length === 0 && <p className="case-error">The case failed without a difference.</p>}
      {r.runId && (
        <p className="case-run-link">
          <Link to={`/runs/${r.runId}`}>Open the run of this case</Link>
        </p>
      )}
    </div>
  );
}
