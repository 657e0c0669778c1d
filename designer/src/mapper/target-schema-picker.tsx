import { memo, useState } from 'react';
import { canonicalNameOf, canonicalRef, type CanonicalSchemaInfo } from '../../../shared/canonical/ref.ts';
import { schemaFromExample } from '../../../shared/mapping/target.ts';

const INFERRED = '(example)';

/** Chooses the target: a canonical model, the fields of an example JSON pasted here, or a pasted JSON Schema. */
export const TargetSchemaPicker = memo(function TargetSchemaPicker({
  value,
  models,
  onChange,
}: {
  value: unknown;
  models: CanonicalSchemaInfo[];
  onChange: (schema: Record<string, unknown> | undefined) => void;
}) {
  const [example, setExample] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** Whether the pasted JSON is an example of the target or its JSON Schema (a connector's request schema). */
  const [isSchema, setIsSchema] = useState(false);
  const name = canonicalNameOf(value);
  const selected = name ?? (value ? INFERRED : '');
  return (
    <div className="mapper-target-picker">
      <label htmlFor="mapper-target">Target</label>
      <select
        id="mapper-target"
        value={selected}
        onChange={(e) => {
          if (e.target.value === INFERRED) return;
          onChange(e.target.value ? canonicalRef(e.target.value) : undefined);
        }}
      >
        <option value="">None</option>
        {models.map((m) => (
          <option key={m.name} value={m.name}>
            canonical:{m.name}
          </option>
        ))}
        {selected === INFERRED && <option value={INFERRED}>Fields of an example or a schema of its own</option>}
      </select>
      <button
        type="button"
        className="small"
        onClick={() => setExample(example === null ? '' : null)}
        aria-expanded={example !== null}
      >
        From an example or a schema…
      </button>
      {example !== null && (
        <div className="mapper-example-input">
          <label className="mapper-inline">
            <input type="checkbox" checked={isSchema} onChange={(e) => setIsSchema(e.target.checked)} />
            The JSON below is a JSON Schema, not an example
          </label>
          <textarea
            aria-label={isSchema ? 'JSON Schema of the target' : 'Example of the target as JSON'}
            rows={6}
            value={example}
            placeholder='{ "id": "A-1", "amount": "10.00", "lines": [{ "sku": "X" }] }'
            onChange={(e) => setExample(e.target.value)}
          />
          <button
            type="button"
            className="small primary"
            onClick={() => {
              try {
                const parsed: unknown = JSON.parse(example);
                if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
                  throw new Error(isSchema ? 'a JSON Schema is a JSON object' : 'the example must be a JSON object');
                onChange(isSchema ? (parsed as Record<string, unknown>) : schemaFromExample(parsed));
                setExample(null);
                setError(null);
              } catch (e) {
                setError((e as Error).message);
              }
            }}
          >
            {isSchema ? 'Use this schema' : 'Use its fields'}
          </button>
          {error && (
            <div className="field-error" role="alert">
              Not an example to read: {error}
            </div>
          )}
        </div>
      )}
    </div>
  );
});
