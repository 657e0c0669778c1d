import type { RetryPolicy } from '../../api/types.ts';

const FIELDS: { key: keyof RetryPolicy; label: string; help: string; step?: string }[] = [
  { key: 'maxAttempts', label: 'Attempts in all', help: 'The first attempt included' },
  { key: 'initialDelayMs', label: 'First delay (ms)', help: 'Wait before the second attempt' },
  { key: 'factor', label: 'Growth factor', help: 'Each delay is the previous one times this', step: '0.1' },
  { key: 'maxDelayMs', label: 'Longest delay (ms)', help: 'Upper bound of any delay' },
  { key: 'jitter', label: 'Jitter (0–1)', help: 'Randomised fraction of each delay', step: '0.05' },
];

/** The node's retry override; an empty box uses the kind's default shown as placeholder. */
export function RetryForm({
  nodeId,
  defaults,
  value,
  onChange,
}: {
  nodeId: string;
  defaults: RetryPolicy;
  value: Partial<RetryPolicy> | undefined;
  onChange: (v: Partial<RetryPolicy> | undefined) => void;
}) {
  const set = (key: keyof RetryPolicy, raw: string) => {
    const next: Partial<RetryPolicy> = { ...value };
    if (raw === '') delete next[key];
    else next[key] = Number(raw);
    onChange(Object.keys(next).length ? next : undefined);
  };
  return (
    <div className="retry-form">
      <p className="muted">
        {value
          ? 'This node overrides its kind’s policy.'
          : `Uses the ${defaults.maxAttempts > 1 ? `kind’s default: ${defaults.maxAttempts} attempts` : 'kind’s default: no retries'}.`}
        {value && (
          <>
            {' '}
            <button type="button" className="small" onClick={() => onChange(undefined)}>
              Use the default
            </button>
          </>
        )}
      </p>
      <div className="retry-grid">
        {FIELDS.map((f) => (
          <div className="field" key={f.key}>
            <label htmlFor={`retry-${nodeId}-${f.key}`}>{f.label}</label>
            <input
              id={`retry-${nodeId}-${f.key}`}
              type="number"
              step={f.step ?? '1'}
              min={0}
              value={value?.[f.key] ?? ''}
              placeholder={String(defaults[f.key])}
              onChange={(e) => set(f.key, e.target.value)}
            />
            <div className="field-help">{f.help}</div>
          </div>
        ))}
      </div>
    </div>
  );
}
