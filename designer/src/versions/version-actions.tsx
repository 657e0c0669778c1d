import { useState } from 'react';
import { ConfirmDialog } from '../ui/dialog.tsx';
import { useActivate, useApprove, useDeactivate, useRefuse } from './api.ts';
import { RefuseDialog } from './approval.tsx';
import { activateLabel } from './labels.ts';
import type { Notice } from './notice.tsx';

export type VersionAction = {
  kind: 'activate' | 'deactivate' | 'approve' | 'refuse';
  version: number;
};

/**
 * Activation and deactivation, each confirmed first, approval (at once) and refusal (with a reason asked for),
 * reported through `show`.
 */
export function useVersionActions(flowId: string, active: number | null, show: (n: Notice) => void) {
  const activate = useActivate(flowId);
  const deactivate = useDeactivate(flowId);
  const approve = useApprove(flowId);
  const refuse = useRefuse(flowId);
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

  const request = (a: VersionAction) => {
    if (a.kind !== 'approve') return setPending(a);
    approve.mutate(a.version, {
      onSuccess: () => show({ text: `v${a.version} is approved. It can be activated now.` }),
      onError: (err) => show({ text: `v${a.version} could not be approved: ${err.message}`, error: true }),
    });
  };

  const refuseVersion = async (version: number, reason: string) => {
    await refuse.mutateAsync({ version, reason });
    setPending(null);
    show({ text: `v${version} is refused. It cannot be activated until another user approves it.` });
  };

  return {
    pending,
    request,
    cancel: () => setPending(null),
    confirm,
    refuse: refuseVersion,
    busy: activate.isPending || deactivate.isPending || approve.isPending || refuse.isPending,
  };
}

export function VersionActionDialogs({
  pending,
  active,
  onConfirm,
  onClose,
  onRefuse,
}: {
  pending: VersionAction | null;
  active: number | null;
  onConfirm: () => void;
  onClose: () => void;
  onRefuse: (version: number, reason: string) => Promise<void>;
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
      <RefuseDialog
        version={pending?.kind === 'refuse' ? pending.version : null}
        onClose={onClose}
        onRefuse={onRefuse}
      />
    </>
  );
}
