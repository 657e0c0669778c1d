import { useEditor, selectDirty } from './store.ts';
import { useFocusNode } from './focus-node.ts';

export function ProblemsPanel() {
  const problems = useEditor((s) => s.problems);
  const focus = useFocusNode();
  const dirty = useEditor(selectDirty);
  const nodes = useEditor((s) => s.nodes);
  const nameOf = (id: string) => nodes.find((n) => n.id === id)?.data.node.name || id;
  // The same box as the answer's line, so the panel keeps its height when the answer comes.
  if (problems === null) return <p className="muted checking-line">Checking the flow…</p>;
  if (problems.length === 0)
    return (
      <p className="ok-line">
        {dirty ? 'No problems. Save the draft to publish it.' : 'No problems. The draft can be published.'}
      </p>
    );
  const errors = problems.filter((p) => p.severity === 'error').length;
  return (
    <>
      {errors > 0 && (
        <p className="muted">
          Publishing is blocked until the {errors} error{errors === 1 ? '' : 's'} below {errors === 1 ? 'is' : 'are'}{' '}
          fixed. Saving is always possible.
        </p>
      )}
      <ul className="problems" aria-label="Problems">
        {problems.map((p, i) => (
          <li key={i}>
            <button
              type="button"
              className={`problem problem-${p.severity}`}
              disabled={!p.nodeId}
              onClick={() => p.nodeId && focus(p.nodeId)}
              aria-label={`${p.severity}${p.nodeId ? ` in ${nameOf(p.nodeId)} (${p.nodeId})` : ''}: ${p.message}`}
            >
              <span className={`badge badge-${p.severity === 'error' ? 'failed' : 'warning'}`}>{p.severity}</span>
              {p.nodeId && <strong title={p.nodeId}>{nameOf(p.nodeId)}</strong>}
              <span>{p.message}</span>
              {p.path && <span className="muted mono">{p.path}</span>}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
