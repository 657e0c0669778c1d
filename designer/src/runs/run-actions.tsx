import { useState } from 'react';
import { useNavigate } from 'react-router';
import { enc } from '../api/client.ts';
import type { RunView } from '../api/types.ts';
import { isTruncatedPayload } from '../../../shared/run.ts';
import { stepToRetry } from '../../../shared/retry-target.ts';
import { toJsonText } from './json-input.ts';
import { OperationDialog } from './operation-dialog.tsx';
import { useDecideRun, useReplayRun, useRetryRun, useSetRunAside } from './operations.ts';
import { useCan } from '../auth/session.tsx';
import { ConfirmDialog } from '../ui/dialog.tsx';

export interface RunNotice {
  kind: 'info' | 'error';
  text: string;
}

type Asking = 'retry' | 'edit' | 'replay' | 'discard' | 'cancel' | 'approve' | 'reject' | null;

/** What an operator can do with a live run: retry (with an edited input), replay, discard or cancel it. */
export function RunActions({ run, onNotice }: { run: RunView; onNotice: (n: RunNotice) => void }) {
  const navigate = useNavigate();
  const [asking, setAsking] = useState<Asking>(null);
  const can = useCan();
  const retry = useRetryRun(run.id);
  const replay = useReplayRun(run.id);
  const discard = useSetRunAside(run.id, 'discard');
  const cancel = useSetRunAside(run.id, 'cancel');
  const approve = useDecideRun(run.id, 'approve');
  const reject = useDecideRun(run.id, 'reject');
  if (run.mode !== 'live') return null;
  const waitingStep =
    run.status === 'waiting_approval' ? (run.steps ?? []).find((s) => s.status === 'waiting') : undefined;
  const prompt = (waitingStep?.output as { approval?: { prompt?: string } } | null)?.approval?.prompt;

  const close = () => setAsking(null);
  const step = run.status === 'failed' ? stepToRetry(run) : undefined;
  const tooLarge = step && isTruncatedPayload(step.input) ? step.input.bytes : null;
  const plainRetry = () =>
    retry.mutate(undefined, {
      onSuccess: () => onNotice({ kind: 'info', text: 'Retrying from the failed step' }),
      onError: (e) => onNotice({ kind: 'error', text: `The run could not be retried: ${e.message}` }),
    });

  if (!can('operator')) return null;
  return (
    <>
      {run.status === 'failed' && (
        <>
          <button
            type="button"
            className="primary"
            onClick={() => setAsking('retry')}
            disabled={retry.isPending}
            aria-busy={retry.isPending}
          >
            Retry from failed step
          </button>
          {step && (
            <button type="button" onClick={() => setAsking('edit')}>
              Retry with edited input…
            </button>
          )}
        </>
      )}
      {run.status === 'waiting_approval' && (
        <>
          <button type="button" className="primary" onClick={() => setAsking('approve')}>
            Approve…
          </button>
          <button type="button" onClick={() => setAsking('reject')}>
            Reject…
          </button>
        </>
      )}
      {run.status !== 'running' && run.status !== 'waiting_approval' && (
        <button type="button" onClick={() => setAsking('replay')}>
          Replay from trigger
        </button>
      )}
      {run.status === 'failed' && (
        <button type="button" onClick={() => setAsking('discard')}>
          Discard…
        </button>
      )}
      {(run.status === 'running' || run.status === 'waiting_approval') && (
        <button type="button" onClick={() => setAsking('cancel')}>
          Cancel run…
        </button>
      )}
      <ConfirmDialog
        open={asking === 'retry'}
        title="Retry from the failed step?"
        confirmLabel="Retry"
        message={
          <p>
            The run goes on from <code>{step?.nodeId ?? 'its failed step'}</code> with the same input. Completed steps
            are not repeated, and connectors send the same idempotency keys as before.
          </p>
        }
        onConfirm={() => (close(), plainRetry())}
        onClose={close}
      />
      {(asking === 'approve' || asking === 'reject') && (
        <OperationDialog
          title={asking === 'approve' ? 'Approve this run?' : 'Reject this run?'}
          intro={
            <p>
              {prompt ?? 'The run waits for a decision.'} The step <code>{waitingStep?.nodeId}</code> goes on by its “
              {asking === 'approve' ? 'approved' : 'rejected'}” output.
            </p>
          }
          text={{
            label: 'Comment',
            help: 'Optional. Kept with the run.',
            placeholder: asking === 'approve' ? 'e.g. checked with the partner' : 'e.g. wrong rate card',
          }}
          confirmLabel={asking === 'approve' ? 'Approve' : 'Reject'}
          danger={asking === 'reject'}
          onSubmit={async ({ text }) => {
            await (asking === 'approve' ? approve : reject).mutateAsync(text || undefined);
            close();
            onNotice({ kind: 'info', text: asking === 'approve' ? 'Approved' : 'Rejected' });
          }}
          onClose={close}
        />
      )}

      {asking === 'edit' && step && (
        <OperationDialog
          title="Retry with edited input"
          intro={
            <p>
              Step <code>{step.nodeId}</code> runs again with this input. Steps that completed keep their outputs, and a
              connector sends the same idempotency key as before.
            </p>
          }
          json={{
            label: `Input of step ${step.nodeId}`,
            initial: tooLarge === null ? toJsonText(step.input) : '',
            help:
              tooLarge === null
                ? 'Any JSON value. The edit is kept with the run.'
                : `The stored input (${tooLarge} bytes) was too large to keep in full: enter the whole input.`,
          }}
          text={{
            label: 'Note',
            help: 'Optional. Why the input was changed, kept with the run.',
            placeholder: 'e.g. customer id corrected',
          }}
          confirmLabel="Retry with this input"
          onSubmit={async ({ json, text }) => {
            await retry.mutateAsync({ input: json, note: text || undefined });
            close();
            onNotice({ kind: 'info', text: `Retrying step ${step.nodeId} with the edited input` });
          }}
          onClose={close}
        />
      )}
      {asking === 'replay' && (
        <OperationDialog
          title="Replay from trigger"
          intro={
            <p>
              A new run of {run.version === null ? 'this flow' : `v${run.version}`} starts from this run's trigger
              event. Its connector steps send this run's idempotency keys, so a system that honours them does not act
              twice.
            </p>
          }
          text={{ label: 'Note', help: 'Optional. Kept with both runs.', placeholder: 'e.g. ERP lost the order' }}
          confirmLabel="Replay run"
          onSubmit={async ({ text }) => {
            const { runId } = await replay.mutateAsync(text || undefined);
            close();
            onNotice({ kind: 'info', text: 'Replay started' });
            navigate(`/runs/${enc(runId)}`);
          }}
          onClose={close}
        />
      )}
      {asking === 'discard' && (
        <OperationDialog
          title="Discard this run?"
          intro={
            <p>
              The run leaves the failed-runs queue and can no longer be retried. It stays in the run history as
              discarded, with your reason.
            </p>
          }
          text={{ label: 'Reason', required: true, placeholder: 'e.g. duplicate order, handled by hand' }}
          confirmLabel="Discard run"
          danger
          onSubmit={async ({ text }) => {
            await discard.mutateAsync(text);
            close();
            onNotice({ kind: 'info', text: 'Run discarded' });
          }}
          onClose={close}
        />
      )}
      {asking === 'cancel' && (
        <OperationDialog
          title="Cancel this run?"
          intro={
            <p>
              No further step starts and waiting retries are dropped. A step already in progress finishes, but its
              result leads nowhere.
            </p>
          }
          text={{ label: 'Reason', required: true, placeholder: 'e.g. customer withdrew the order' }}
          confirmLabel="Cancel run"
          closeLabel="Keep running"
          danger
          onSubmit={async ({ text }) => {
            await cancel.mutateAsync(text);
            close();
            onNotice({ kind: 'info', text: 'Run cancelled' });
          }}
          onClose={close}
        />
      )}
    </>
  );
}
