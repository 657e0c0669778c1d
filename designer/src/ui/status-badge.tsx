const LABELS: Record<string, string> = {
  succeeded: 'Succeeded',
  failed: 'Failed',
  running: 'Running',
  retrying: 'Retrying',
  cancelled: 'Cancelled',
  timed_out: 'Timed out',
  discarded: 'Discarded',
  skipped: 'Skipped',
  waiting: 'Waiting',
  waiting_approval: 'Waiting for approval',
  compensating: 'Compensating',
  compensated: 'Compensated',
  active: 'Active',
  published: 'Published',
  draft: 'Draft',
  pending: 'Not run',
};

/** A coloured pill for a run, step or flow status. */
export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return <span className={`badge badge-${status}`}>{label ?? LABELS[status] ?? status}</span>;
}
