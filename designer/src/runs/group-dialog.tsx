import type { FailedGroup } from './failed-groups.ts';
import { OperationDialog } from './operation-dialog.tsx';
import type { BulkAction, BulkOptions } from './operations.ts';

/** What an operator asked to do with a whole group; 'patch' is a retry with a JSON Merge Patch. */
export type GroupAsk = BulkAction | 'patch';

const PATCH_EXAMPLE = '{\n  "path": "orders"\n}';

function runs(n: number): string {
  return n === 1 ? '1 run' : `${n} runs`;
}

function GroupFacts({ group, flowName }: { group: FailedGroup; flowName: string }) {
  return (
    <p className="failed-facts">
      <strong>{flowName}</strong>
      {group.nodeId ? (
        <>
          , step <code>{group.nodeId}</code>
        </>
      ) : null}
      {group.errorCode ? (
        <>
          , error <code>{group.errorCode}</code>
        </>
      ) : null}
      : {runs(group.count)}.
    </p>
  );
}

/** Asks before acting on every run of a failed-runs group, with what it will do and a note, patch or reason. */
export function GroupDialog({
  group,
  ask,
  flowName,
  onSubmit,
  onClose,
}: {
  group: FailedGroup;
  ask: GroupAsk;
  flowName: string;
  onSubmit: (action: BulkAction, options: BulkOptions) => Promise<void>;
  onClose: () => void;
}) {
  const facts = <GroupFacts group={group} flowName={flowName} />;
  const note = { label: 'Note', help: 'Optional. Kept with each run.' };
  const count = runs(group.count);
  switch (ask) {
    case 'retry':
      return (
        <OperationDialog
          title={`Retry ${count}?`}
          intro={
            <>
              {facts}
              <p>
                Each run continues from its failed step with its own input. Completed steps are not repeated, and
                connectors send the same idempotency keys as before. A run that fails again comes back to this list.
              </p>
            </>
          }
          text={note}
          confirmLabel={`Retry ${count}`}
          onClose={onClose}
          onSubmit={({ text }) => onSubmit('retry', { note: text || undefined })}
        />
      );
    case 'patch':
      return (
        <OperationDialog
          title={`Retry ${count} with a patch`}
          intro={facts}
          json={{
            label: "JSON Merge Patch applied to each failed step's input",
            object: true,
            placeholder: PATCH_EXAMPLE,
            help: "Fields in the patch replace the same fields of each run's input and null removes a field; everything else in each input stays as it was. The edited input is kept with each run.",
          }}
          text={{ ...note, placeholder: 'e.g. endpoint renamed' }}
          confirmLabel={`Retry ${count}`}
          onClose={onClose}
          onSubmit={({ json, text }) => onSubmit('retry', { patch: json, note: text || undefined })}
        />
      );
    case 'replay':
      return (
        <OperationDialog
          title={`Replay ${count} from the trigger?`}
          intro={
            <>
              {facts}
              <p>
                Each run's trigger event starts a new run of the same version, whose connector steps send the original
                run's idempotency keys. The failed runs stay in this list: discard them once their replays succeed.
              </p>
            </>
          }
          text={note}
          confirmLabel={`Replay ${count}`}
          onClose={onClose}
          onSubmit={({ text }) => onSubmit('replay', { note: text || undefined })}
        />
      );
    case 'discard':
      return (
        <OperationDialog
          title={`Discard ${count}?`}
          intro={
            <>
              {facts}
              <p>
                They leave this list and can no longer be retried. They stay in the run history as discarded, each with
                your reason.
              </p>
            </>
          }
          text={{ label: 'Reason', required: true, placeholder: 'e.g. orders re-entered by hand' }}
          confirmLabel={`Discard ${count}`}
          danger
          onClose={onClose}
          onSubmit={({ text }) => onSubmit('discard', { reason: text })}
        />
      );
  }
}
