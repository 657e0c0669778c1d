import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { ConfirmDialog } from './dialog.tsx';

/**
 * A dialog holding a form: Cancel and a submit button, and the error `onSubmit` throws shown under the
 * fields. The error is cleared each time the dialog opens.
 */
export function FormDialog({
  open,
  title,
  submitLabel,
  onClose,
  onSubmit,
  children,
}: {
  open: boolean;
  title: string;
  submitLabel: string;
  onClose: () => void;
  onSubmit: () => Promise<void>;
  children: ReactNode;
}) {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) setError(null);
  }, [open]);
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    try {
      await onSubmit();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <ConfirmDialog
      open={open}
      title={title}
      confirmLabel={submitLabel}
      onConfirm={() => void submit()}
      onClose={onClose}
      message={
        <form className="form" onSubmit={submit}>
          {children}
          {error && (
            <p className="notice notice-error" role="alert">
              {error}
            </p>
          )}
        </form>
      }
    />
  );
}

/**
 * The values of a dialog's form, set anew from `init` whenever `source` (what the dialog edits, or whether
 * it is open) changes to something other than null or false.
 */
export function useFormValues<F extends object>(source: unknown, init: () => F) {
  const [values, setValues] = useState<F>(init);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form starts again when another thing is opened
  useEffect(() => {
    if (source !== null && source !== false) setValues(init());
  }, [source]);
  const set = <K extends keyof F>(k: K, v: F[K]) => setValues((p) => ({ ...p, [k]: v }));
  return [values, set] as const;
}
