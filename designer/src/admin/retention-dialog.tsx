import { useEffect, useState, type FormEvent } from 'react';
import { api, enc } from '../api/client.ts';
import { Dialog } from '../ui/dialog.tsx';
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
  const [days, setDays] = useState('');
  const [keepPayloads, setKeepPayloads] = useState(true);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!target) return;
    setDays(target.policy.days === null ? '' : String(target.policy.days));
    setKeepPayloads(target.policy.keepSuccessPayloads);
    setError(null);
  }, [target]);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!target) return;
    const n = days.trim() === '' ? null : Number(days);
    if (n !== null && (!Number.isInteger(n) || n < 1))
      return setError('Days must be a whole number of at least 1, or empty to keep runs forever.');
    try {
      await api.put(`/api/retention/${enc(target.flowId)}`, { days: n, keepSuccessPayloads: keepPayloads });
      onSaved(
        `${target.title}: ${n === null ? 'runs kept forever' : `runs kept ${n} days`}, payloads of successful runs ${keepPayloads ? 'kept' : 'dropped'}`,
      );
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <Dialog
      open={target !== null}
      title={`Retention: ${target?.title ?? ''}`}
      onClose={onClose}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" onClick={() => void submit()}>
            Save policy
          </button>
        </>
      }
    >
      <form className="admin-form" onSubmit={submit}>
        <label>
          Keep finished runs for (days, empty: forever)
          <input
            type="number"
            min={1}
            step={1}
            value={days}
            placeholder="forever"
            onChange={(e) => setDays(e.target.value)}
          />
        </label>
        <label className="admin-check">
          <input type="checkbox" checked={keepPayloads} onChange={(e) => setKeepPayloads(e.target.checked)} />
          Keep the step inputs and outputs of successful runs
        </label>
        <p className="muted">
          Failed runs keep their payloads until they are deleted. Running and waiting runs are never pruned.
        </p>
        {error && (
          <p className="admin-msg admin-msg-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}
