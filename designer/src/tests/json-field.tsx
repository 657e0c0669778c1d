import { useEffect, useState, type ReactNode } from 'react';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * JSON edited as text. The value changes only when the text parses and passes `check`; otherwise the
 * problem is shown under the box and the flow keeps the last good value. An empty box means "not
 * compared" (undefined) unless `required`.
 */
export function JsonField({
  id,
  label,
  value,
  onChange,
  check,
  required,
  help,
}: {
  id: string;
  label: ReactNode;
  value: unknown;
  onChange: (v: unknown) => void;
  check?: (v: unknown) => string | null;
  required?: string;
  help?: ReactNode;
}) {
  const shown = value === undefined ? '' : JSON.stringify(value, null, 2);
  const [text, setText] = useState(shown);
  const [error, setError] = useState<string | null>(null);
  // Follow the value when it changes from elsewhere (undo, a recording taken), not while the text means it.
  useEffect(() => {
    setText((t) => {
      try {
        return same(t.trim() === '' ? undefined : JSON.parse(t), value) ? t : shown;
      } catch {
        return t;
      }
    });
  }, [value, shown]);
  const edit = (t: string) => {
    setText(t);
    if (t.trim() === '') {
      if (required) return setError(required);
      setError(null);
      return onChange(undefined);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(t);
    } catch (e) {
      return setError(`Not valid JSON, not saved: ${(e as Error).message}`);
    }
    const problem = check?.(parsed) ?? null;
    if (problem) return setError(`Not saved: ${problem}`);
    setError(null);
    if (!same(parsed, value)) onChange(parsed);
  };
  const errorId = `${id}-error`;
  const helpId = `${id}-help`;
  return (
    <div className="field json-field">
      <label htmlFor={id}>{label}</label>
      {help && (
        <p id={helpId} className="muted field-help">
          {help}
        </p>
      )}
      <textarea
        id={id}
        className="mono"
        rows={Math.min(12, Math.max(3, text.split('\n').length))}
        value={text}
        onChange={(e) => edit(e.target.value)}
        spellCheck={false}
        aria-invalid={!!error}
        aria-describedby={[error ? errorId : '', help ? helpId : ''].filter(Boolean).join(' ') || undefined}
      />
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
