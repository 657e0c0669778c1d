import { useState } from 'react';
import type { VersionInfo } from '../api/types.ts';
import { formatTime } from '../ui/format.ts';
import { FormDialog } from '../ui/form-dialog.tsx';
import { TextField } from '../ui/form.tsx';

type Approval = NonNullable<VersionInfo['approval']>;

/** Why a version may not be activated yet, or null when it may. */
export function activationBlock(v: VersionInfo): string | null {
  const a = v.approval;
  if (!a || a.state === 'approved' || a.state === 'not_required') return null;
  const publisher = a.publishedBy ?? 'the system';
  if (a.state === 'refused')
    return `Refused by ${a.by}: "${a.reason}". A user other than ${publisher} must approve it before it can be activated.`;
  return `Needs approval: published by ${publisher}; a different user must approve it before it can be activated.`;
}

/** Whether the signed-in user may approve or refuse: an operator who did not publish it. */
export function mayDecide(v: VersionInfo, me: string, operate: boolean): boolean {
  const a = v.approval;
  return operate && !!a && a.state !== 'not_required' && a.publishedBy !== me;
}

/** A version's four-eyes approval, as the versions table shows it. */
export function ApprovalCell({ approval }: { approval: Approval | undefined }) {
  if (!approval || approval.state === 'not_required') return <span className="muted">Not required</span>;
  if (approval.state === 'pending') return <span className="vapproval vapproval-pending">Pending approval</span>;
  const when = approval.at === null ? '' : ` ${formatTime(approval.at)}`;
  if (approval.state === 'approved')
    return (
      <span className="vapproval vapproval-approved">
        Approved by {approval.by}
        <span className="muted">{when}</span>
      </span>
    );
  return (
    <span className="vapproval vapproval-refused">
      Refused by {approval.by}
      <span className="muted">{when}</span>
      <span className="vapproval-reason">“{approval.reason}”</span>
    </span>
  );
}

/** Asks why a version is refused; the refusal is sent on submit. */
export function RefuseDialog({
  version,
  onClose,
  onRefuse,
}: {
  version: number | null;
  onClose: () => void;
  onRefuse: (version: number, reason: string) => Promise<void>;
}) {
  const [reason, setReason] = useState('');
  const submit = async () => {
    if (version === null) return;
    if (!reason.trim()) throw new Error('Say why the version is refused.');
    await onRefuse(version, reason.trim());
    setReason('');
  };
  return (
    <FormDialog
      open={version !== null}
      title={`Refuse v${version ?? ''}?`}
      submitLabel="Refuse version"
      onClose={onClose}
      onSubmit={submit}
    >
      <TextField label="Reason (shown with the version)" value={reason} maxLength={1000} onChange={setReason} />
      <p className="muted">A refused version cannot be activated until another user approves it.</p>
    </FormDialog>
  );
}
