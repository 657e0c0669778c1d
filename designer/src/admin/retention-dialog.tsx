import { api, enc } from '../api/client.ts';
import { CheckField, TextField } from '../ui/form.tsx';
import { FormDialog, useFormValues } from '../ui/form-dialog.tsx';
import type { RetentionPolicy } from '../../../shared/retention.ts';

export interface PolicyTarget {
  /** A flow id, or '*' for the default. */
  flowId: string;
  title: string;
  policy: RetentionPolicy;
}

/** Edits how long one flow's runs (or, for '*', every other flow's) are kept. */
export function RetentionDialog({
  target,
  onClose,
  onSaved,
}: {
  target: PolicyTarget | null;
  onClose: () => void;
  onSaved: (text: string) => void;
}) {
  const [f, set] = useFormValues(target, () => ({
    days: target && target.policy.days !== null ? String(target.policy.days) : '',
    keepPayloads: target?.policy.keepSuccessPayloads ?? true,
  }));

  const submit = async () => {
    if (!target) return;
    const n = f.days.trim() === '' ? null : Number(f.days);
    if (n !== null && (!Number.isInteger(n) || n < 1))
      throw new Error('Days must be a whole number of at least 1, or empty to keep runs forever.');
    await api.put(`/api/retention/${enc(target.flowId)}`, { days: n, keepSuccessPayloads: f.keepPayloads });
    onSaved(
      `${target.title}: ${n === null ? 'runs kept forever' : `runs kept ${n} days`}, payloads of successful runs ${f.keepPayloads ? 'kept' : 'dropped'}`,
    );
  };

  return (
    <FormDialog
      open={target !== null}
      title={`Retention: ${target?.title ?? ''}`}
      submitLabel="Save policy"
      onClose={onClose}
      onSubmit={submit}
    >
      <TextField
        label="Keep finished runs for (days, empty: forever)"
        type="number"
        min={1}
        step={1}
        value={f.days}
        placeholder="forever"
        onChange={(v) => set('days', v)}
      />
      <CheckField
        label="Keep the step inputs and outputs of successful runs"
        checked={f.keepPayloads}
        onChange={(v) => set('keepPayloads', v)}
      />
      <p className="muted">
        Failed runs keep their payloads until they are deleted. Running and waiting runs are never pruned.
      </p>
    </FormDialog>
  );
}
