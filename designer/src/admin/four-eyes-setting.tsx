import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { CRITICALITIES, type Criticality } from '../../../shared/business.ts';
import type { FourEyesPolicy } from '../../../shared/approvals.ts';
import { SelectField } from '../ui/form.tsx';
import type { Message } from '../ui/page-head.tsx';

type Mode = FourEyesPolicy['mode'];

const MODES: { value: Mode; label: string }[] = [
  { value: 'off', label: 'Off: whoever may activate does so' },
  { value: 'all', label: 'All flows' },
  { value: 'criticality', label: 'Flows at or above a criticality' },
];

const KEY = ['settings', 'four-eyes'] as const;

/**
 * Four-eyes activation: which flows need a published version approved by a user other than its
 * publisher before it can be activated. Saved (and audited) by the runtime.
 */
export function FourEyesSetting({ onMessage }: { onMessage: (m: Message) => void }) {
  const qc = useQueryClient();
  const current = useQuery({ queryKey: KEY, queryFn: () => api.get<FourEyesPolicy>('/api/settings/four-eyes') });
  // What the user picked, over what the server holds: a policy arriving late never undoes a choice.
  const [draft, setDraft] = useState<{ mode?: Mode; criticality?: Criticality }>({});
  const loaded = current.data;
  const mode = draft.mode ?? loaded?.mode ?? 'off';
  const criticality = draft.criticality ?? (loaded?.mode === 'criticality' ? loaded.criticality : 'high');
  const save = useMutation({
    mutationFn: (p: FourEyesPolicy) => api.put<FourEyesPolicy>('/api/settings/four-eyes', p),
    onSuccess: (saved) => {
      qc.setQueryData(KEY, saved);
      setDraft({});
      onMessage({ text: 'Four-eyes activation saved' });
    },
    onError: (e) => onMessage({ text: e.message, error: true }),
    // The form is usable again at once: the refetch checks what the server holds without holding the save.
    onSettled: () => void qc.invalidateQueries({ queryKey: KEY }),
  });
  const policy: FourEyesPolicy = mode === 'criticality' ? { mode, criticality } : { mode };
  // Nothing to save while the form shows what the server holds.
  const unchanged =
    loaded !== undefined &&
    loaded.mode === policy.mode &&
    (policy.mode !== 'criticality' || (loaded.mode === 'criticality' && loaded.criticality === policy.criticality));
  return (
    <section aria-labelledby="four-eyes-h">
      <h2 id="four-eyes-h">Four-eyes activation</h2>
      <p className="muted">
        A version of a covered flow can be activated only after a user other than its publisher approved it on the
        flow's versions page.
      </p>
      <form
        className="form four-eyes-form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(policy);
        }}
      >
        <SelectField
          label="Require approval for"
          value={mode}
          options={MODES}
          disabled={!loaded}
          onChange={(m) => setDraft((d) => ({ ...d, mode: m }))}
        />
        {mode === 'criticality' && (
          <SelectField
            label="Criticality at or above"
            value={criticality}
            options={CRITICALITIES}
            disabled={!loaded}
            onChange={(c) => setDraft((d) => ({ ...d, criticality: c }))}
          />
        )}
        <div>
          <button type="submit" className="primary" disabled={save.isPending || !loaded || unchanged}>
            Save
          </button>
        </div>
      </form>
    </section>
  );
}
