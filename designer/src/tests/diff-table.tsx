import type { TestDifference } from '../api/types.ts';
import { showValue, stepOfPath } from './diff-values.ts';

/** A compared value: one line when short; folded, with its whole text a click (or Enter) away, when long. */
function Value({ value, side }: { value: unknown; side: 'expected' | 'actual' }) {
  const v = showValue(value);
  if (v.absent) return <span className="muted">not set</span>;
  if (v.full === null) return <code className="diff-value">{v.short}</code>;
  return (
    <details className="diff-fold">
      <summary>
        <code className="diff-value">{v.short}</code>
        <span className="tests-sr-only"> (show the whole {side} value)</span>
      </summary>
      <pre className="diff-value">{v.full}</pre>
    </details>
  );
}

/** What a failing case expected and what its run gave, one row per field compared. */
export function DiffTable({
  differences,
  caption,
  nameOf,
}: {
  differences: readonly TestDifference[];
  caption: string;
  nameOf: (nodeId: string) => string | null;
}) {
  return (
    <table className="diff-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Expected</th>
          <th scope="col">Actual</th>
        </tr>
      </thead>
      <tbody>
        {differences.map((d, i) => {
          const nodeId = stepOfPath(d.path);
          const name = nodeId ? nameOf(nodeId) : null;
          return (
            <tr key={`${d.path}:${i}`}>
              <th scope="row">
                <span className="mono">{d.path}</span>
                {name && <span className="diff-step">step “{name}”</span>}
                {d.message && <span className="diff-message">{d.message}</span>}
              </th>
              <td className="diff-expected">
                <Value value={d.expected} side="expected" />
              </td>
              <td className="diff-actual">
                <Value value={d.actual} side="actual" />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
