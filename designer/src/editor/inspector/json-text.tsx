import { useEffect, useState } from 'react';

/** JSON edited as text; the value changes only when the text parses. An empty box means "not set". */
export function JsonText({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: unknown;
  onChange: (v: unknown) => void;
}) {
  const shown = value === undefined ? '' : JSON.stringify(value, null, 2);
  const [text, setText] = useState(shown);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText((t) => {
      try {
        return JSON.stringify(t.trim() === '' ? undefined : JSON.parse(t)) === JSON.stringify(value) ? t : shown;
      } catch {
        return t;
      }
    });
  }, [value, shown]);
  const edit = (t: string) => {
    setText(t);
    if (t.trim() === '') {
      setError(null);
      return onChange(undefined);
    }
    try {
      onChange(JSON.parse(t));
      setError(null);
    } catch (e) {
      setError(`Not valid JSON yet: ${(e as Error).message}`);
    }
  };
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={Math.min(14, Math.max(3, text.split('\n').length))}
        value={text}
        onChange={(e) => edit(e.target.value)}
        spellCheck={false}
        aria-invalid={!!error}
      />
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
    </>
  );
}
