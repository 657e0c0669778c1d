import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

/** What a field's control takes from its row: the id its label points at, and its error's. */
export interface ControlProps {
  id: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}

/** A labelled form row: the label over its control, and what is wrong with the value under it. */
export function Field({
  label,
  error,
  children,
}: {
  label: ReactNode;
  error?: string | null;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = useId();
  const control: ControlProps = error ? { id, 'aria-invalid': true, 'aria-describedby': `${id}-error` } : { id };
  return (
    <>
      <label htmlFor={id}>
        {label}
        {children(control)}
      </label>
      {error && (
        <p id={`${id}-error`} className="form-field-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>;

/** A text (or number, password, date…) input in a labelled row; `onChange` gets the new text. */
export function TextField({
  label,
  error,
  value,
  onChange,
  ...input
}: InputProps & { label: ReactNode; error?: string | null; value: string; onChange: (value: string) => void }) {
  return (
    <Field label={label} error={error}>
      {(control) => <input {...input} {...control} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

/** A drop-down in a labelled row: plain values, or values with their labels. */
export function SelectField<V extends string>({
  label,
  value,
  options,
  onChange,
  disabled,
}: {
  label: ReactNode;
  value: V;
  options: readonly V[] | readonly { value: V; label: string }[];
  onChange: (value: V) => void;
  disabled?: boolean;
}) {
  return (
    <Field label={label}>
      {(control) => (
        <select {...control} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as V)}>
          {options.map((o) =>
            typeof o === 'string' ? (
              <option key={o} value={o}>
                {o}
              </option>
            ) : (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ),
          )}
        </select>
      )}
    </Field>
  );
}

/** A checkbox with its label beside it. */
export function CheckField({
  label,
  checked,
  onChange,
}: {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label className="check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}
