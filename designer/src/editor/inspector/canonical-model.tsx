import { useCanonicalSchemas } from '../../api/queries.ts';
import { canonicalNameOf, canonicalRef } from '../../../../shared/canonical/ref.ts';

/**
 * Under a JSON Schema field: pick a canonical model, which sets the value to {"$ref": "canonical:<Name>"}
 * ("None" clears it), and a hint naming the model when the value is exactly such a reference.
 */
export function CanonicalModelPicker({
  id,
  value,
  onChange,
}: {
  id: string;
  value: unknown;
  onChange: (v: unknown) => void;
}) {
  const { data, error, isPending } = useCanonicalSchemas();
  const models = (data ?? []).filter((s) => s.kind === 'model');
  const referenced = canonicalNameOf(value);
  const model = referenced === null ? undefined : models.find((m) => m.name === referenced);
  const selectId = `${id}-canonical`;
  return (
    <div className="canonical-model" style={{ marginTop: 'var(--s2)' }}>
      <label htmlFor={selectId}>Canonical model</label>
      <select
        id={selectId}
        value={model ? model.name : ''}
        disabled={isPending || !!error}
        onChange={(e) => onChange(e.target.value ? canonicalRef(e.target.value) : undefined)}
      >
        <option value="">{isPending ? 'Loading…' : 'None — the schema above'}</option>
        {models.map((m) => (
          <option key={m.name} value={m.name}>
            {m.title === m.name ? m.name : `${m.title} (${m.name})`}
          </option>
        ))}
      </select>
      {error && <div className="field-error">Canonical models are not available: {error.message}</div>}
      {model && (
        <div className="field-help" title={model.description}>
          Checks the input against the canonical model <strong>{model.name}</strong> (canonical:{model.name}).
        </div>
      )}
      {referenced !== null && data && !model && (
        <div className="field-error" role="alert">
          There is no canonical model "{referenced}".
        </div>
      )}
    </div>
  );
}
