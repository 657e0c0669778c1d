import { useId, useRef, useState, type ReactNode } from 'react';
import { Dialog } from '../ui/dialog.tsx';
import { parseJsonInput } from './json-input.ts';

export interface OperationValues {
  /** The parsed JSON field, when the dialog has one. */
  json?: unknown;
  /** The reason or note, trimmed ('' when left empty). */
  text: string;
}

interface JsonField {
  label: string;
  initial?: string;
  /** Only a JSON object is accepted (a merge patch). */
  object?: boolean;
  help?: ReactNode;
  placeholder?: string;
}

interface TextField {
  label: string;
  required?: boolean;
  help?: string;
  placeholder?: string;
}

/**
 * Asks before an operation on runs: what will happen, an optional JSON value (checked before sending),
 * and a reason or note. Shown while mounted; the API's refusal is shown in the dialog.
 */
export function OperationDialog({
  title,
  intro,
  confirmLabel,
  closeLabel = 'Cancel',
  danger,
  json,
  text,
  onSubmit,
  onClose,
}: {
  title: string;
  intro: ReactNode;
  confirmLabel: string;
  closeLabel?: string;
  danger?: boolean;
  json?: JsonField;
  text: TextField;
  onSubmit: (v: OperationValues) => Promise<void>;
  onClose: () => void;
}) {
  const id = useId();
  const jsonRef = useRef<HTMLTextAreaElement>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const [jsonText, setJsonText] = useState(json?.initial ?? '');
  const [jsonTouched, setJsonTouched] = useState(false);
  const [value, setValue] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [pending, setPending] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);

  const parsed = json ? parseJsonInput(jsonText, json.object) : null;
  const jsonError = parsed && !parsed.ok && (jsonTouched || submitted) ? parsed.message : null;
  const textError = text.required && submitted && value.trim() === '' ? `Give a ${text.label.toLowerCase()}.` : null;

  const describedBy = (...ids: (string | false | null | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

  const submit = async () => {
    setSubmitted(true);
    if (parsed && !parsed.ok) return jsonRef.current?.focus();
    if (text.required && value.trim() === '') return textRef.current?.focus();
    setPending(true);
    setRefusal(null);
    try {
      await onSubmit({ json: parsed?.ok ? parsed.value : undefined, text: value.trim() });
    } catch (e) {
      setRefusal((e as Error).message);
    } finally {
      setPending(false);
    }
  };

  return (
    <Dialog
      open
      title={title}
      onClose={onClose}
      actions={
        <>
          <button type="button" onClick={onClose}>
            {closeLabel}
          </button>
          <button
            type="button"
            className={danger ? 'danger' : 'primary'}
            onClick={submit}
            disabled={pending}
            aria-busy={pending}
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      <div className="op-intro">{intro}</div>
      {json && (
        <div className="field">
          <label htmlFor={`${id}-json`}>{json.label}</label>
          <textarea
            id={`${id}-json`}
            ref={jsonRef}
            className="op-json"
            rows={Math.min(16, Math.max(6, jsonText.split('\n').length + 1))}
            spellCheck={false}
            value={jsonText}
            placeholder={json.placeholder}
            aria-invalid={jsonError ? true : undefined}
            aria-describedby={describedBy(
              jsonError && `${id}-json-error`,
              json.help !== undefined && `${id}-json-help`,
            )}
            onChange={(e) => (setJsonText(e.target.value), setJsonTouched(true))}
          />
          {jsonError && (
            <div id={`${id}-json-error`} className="op-field-error" role="alert">
              {jsonError}
            </div>
          )}
          {json.help && (
            <div id={`${id}-json-help`} className="field-help">
              {json.help}
            </div>
          )}
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-text`}>{text.label}</label>
        <textarea
          id={`${id}-text`}
          ref={textRef}
          className="op-text"
          rows={2}
          maxLength={2000}
          value={value}
          placeholder={text.placeholder}
          required={text.required}
          aria-invalid={textError ? true : undefined}
          aria-describedby={textError ? `${id}-text-error` : `${id}-text-help`}
          onChange={(e) => setValue(e.target.value)}
        />
        {textError && (
          <div id={`${id}-text-error`} className="op-field-error" role="alert">
            {textError}
          </div>
        )}
        {!textError && (
          <div id={`${id}-text-help`} className="field-help">
            {text.help ?? (text.required ? 'Required.' : 'Optional.')}
          </div>
        )}
      </div>
      {pending && (
        <p className="muted op-pending" role="status">
          Working…
        </p>
      )}
      {refusal && (
        <div className="op-refusal" role="alert">
          <strong>Not done.</strong> {refusal}
        </div>
      )}
    </Dialog>
  );
}
