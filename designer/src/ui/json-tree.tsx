import { JsonView, allExpanded, collapseAllNested, defaultStyles } from 'react-json-view-lite';
import 'react-json-view-lite/dist/index.css';
import { expandJsonStrings } from './json-strings.ts';

/** Collapsible view of any JSON value; scalars are shown inline. */
export function JsonTree({
  value: raw,
  label,
  expanded = false,
}: {
  value: unknown;
  label: string;
  expanded?: boolean;
}) {
  const value = expandJsonStrings(raw);
  if (value === undefined) return <p className="muted">No {label.toLowerCase()}.</p>;
  if (value === null || typeof value !== 'object') {
    return (
      <figure className="json-scalar-frame" aria-label={label}>
        <pre className="json-scalar">{JSON.stringify(value)}</pre>
      </figure>
    );
  }
  return (
    <div className="json-tree" aria-label={label} role="tree">
      <JsonView
        data={value as object}
        shouldExpandNode={expanded ? allExpanded : collapseAllNested}
        style={{ ...defaultStyles, container: 'json-tree-inner' }}
      />
    </div>
  );
}
