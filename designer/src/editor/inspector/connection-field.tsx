import type { FieldProps } from '@rjsf/utils';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { ConnectionView } from '../../../../shared/connection.ts';

/** Picks a stored connection by name; the flow keeps only its id, never its secrets. */
export function ConnectionField(p: FieldProps) {
  const list = useQuery({
    queryKey: ['connections'],
    queryFn: () => api.get<{ connections: ConnectionView[] }>('/api/connections').then((r) => r.connections),
  });
  const id = p.fieldPathId.$id;
  const title = (p.uiSchema?.['ui:title'] as string | undefined) ?? p.name;
  const value = typeof p.formData === 'string' ? p.formData : '';
  const known = value === '' || (list.data?.some((c) => c.id === value) ?? true);
  return (
    <div className="field">
      <label htmlFor={id} className="label-text">
        {title}
      </label>
      {p.schema.description && <div className="field-help">{p.schema.description}</div>}
      <select
        id={id}
        value={value}
        onChange={(e) => p.onChange(e.target.value === '' ? undefined : e.target.value, p.fieldPathId.path)}
      >
        <option value="">(none)</option>
        {list.data?.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name} — {c.baseUrl}
          </option>
        ))}
        {!known && <option value={value}>{value} (missing)</option>}
      </select>
      {list.isError && <div className="field-error">Connections could not be loaded: {list.error.message}</div>}
      {!known && (
        <div className="field-error">No connection “{value}” exists; an admin can add it under Connections.</div>
      )}
    </div>
  );
}
