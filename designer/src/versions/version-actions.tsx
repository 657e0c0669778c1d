import { useState } from 'react';
import { ConfirmDialog } from '../ui/dialog.tsx';
import { useActivate, useDeactivate } from './api.ts';
import { activateLabel } from './labels.ts';
import type { Notice } from './notice.tsx';

export type VersionAction = { kind: 'activate'; version: number } | { kind: 'deactivate'; version: number };

/** Activation and deactivation, each confirmed first and reported through `show`. */
export function useVersionActions(flowId: string, active: number | null, show: (n: Notice) => void) {
  const activate = useActivate(flowId);
  const deactivate = useDeactivate(flowId);
  const [pending, setPending] = useState<VersionAction | null>(null);

  const confirm = () => {
    const a = pending;
    setPending(null);
    if (a?.kind === 'activate') {
      const rollback = active !== null && a.version < active;
      activate.mutate(a.version, {
        onSuccess: () =>
          show({
            text: rollback
              ? `Rolled back to v${a.version}. New trigger events run it.`
              : `v${a.version} is active. New trigger events run it.`,
          }),
        onError: (err) => show({ text: `v${a.version} could not be activated: ${err.message}`, error: true }),
      });
    } else if (a?.kind === 'deactivate') {
      deactivate.mutate(undefined, {
        onSuccess: () => show({ text: 'The flow is no longer active. Trigger events no longer start runs.' }),
        onError: (err) => show({ text: `The flow could not be deactivated: ${err.message}`, error: true }),
      });
    }
  };

  return {
    pending,
    request: setPending,
    cancel: () => setPending(null),
    confirm,
    busy: activate.isPending || deactivate.isPending,
  };
}

export function VersionActionDialogs({
  pending,
  active,
  onConfirm,
  onClose,
}: {
  pending: VersionAction | null;
  active: number | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const activating = pending?.kind === 'activate' ? pending.version : null;
  const rollback = activating !== null && active !== null && activating < active;
  return (
    <>
      <ConfirmDialog
        open={activating !== null}
        title={activating !== null ? `${activateLabel(activating, active)}?` : 'Activate?'}
        message={
          activating !== null &&
          (active === null ? (
            <p>v{activating} will start handling trigger events: its webhooks answer and its schedules fire.</p>
          ) : (
            <p>
              New trigger events will run v{activating} instead of v{active}. Runs already under way finish on the
              version they started with.
            </p>
          ))
        }
        confirmLabel={rollback ? 'Roll back' : 'Activate'}
        onConfirm={onConfirm}
        onClose={onClose}
      />
      <ConfirmDialog
        open={pending?.kind === 'deactivate'}
        title="Deactivate this flow?"
        message={
          <p>
            v{active} stops handling trigger events: its webhooks answer 404 and its schedules stop firing until you
            activate a version again. Runs already under way finish.
          </p>
        }
        confirmLabel="Deactivate flow"
        danger
        onConfirm={onConfirm}
        onClose={onClose}
      />
    </>
  );
}
