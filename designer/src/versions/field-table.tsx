import type { FieldChange } from '../../../shared/flow-diff.ts';
import { formatValue } from './format-value.ts';

function Value({ value }: { value: unknown }) {
  if (value === undefined) return <span className="muted">not set</span>;
  return <pre className="vvalue">{typeof value === 'string' && value.includes('\n') ? value : formatValue(value)}</pre>;
}

export function FieldTable({ fields, caption }: { fields: FieldChange[]; caption: string }) {
  return (
    <table className="vfields">
      <caption className="vsr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => (
          <tr key={f.path}>
            <th scope="row" className="mono">
              {f.path}
            </th>
            <td className="vbefore">
              <Value value={f.before} />
            </td>
            <td className="vafter">
              <Value value={f.after} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
