import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { Variable } from '../../../shared/variables.ts';
import { Empty } from '../ui/states.tsx';
import { QueryTable, RowButton } from '../ui/data-table.tsx';
import { Notice, PageHead, type Message } from '../ui/page-head.tsx';
import { ConfirmDialog } from '../ui/dialog.tsx';
import { formatTime } from '../ui/format.ts';
import { useCan } from '../auth/session.tsx';
import { VariableDialog } from './variable-dialog.tsx';
import { useVariables, variablePath, variablesKey } from './variables-api.ts';
import '../admin/admin.css';
import './variables.css';

/** The installation's environment variables: everyone reads them, admins add, change and delete them. */
export function VariablesPage() {
  const admin = useCan()('admin');
  const qc = useQueryClient();
  const list = useVariables();
  const [editing, setEditing] = useState<Variable | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Variable | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: variablesKey });
  const remove = useMutation({
    mutationFn: (name: string) => api.del(variablePath(name)),
    onSuccess: (_, name) => (setMessage({ text: `Deleted ${name}` }), refresh()),
    onError: (e) => setMessage({ text: e.message, error: true }),
  });

  return (
    <main className="page admin-page">
      <PageHead title="Variables">
        {admin && (
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            Add variable
          </button>
        )}
      </PageHead>
      <p className="muted">
        Settings of this installation that flows read as <code>$env.NAME</code> in expressions: company codes, base
        URLs, thresholds. Not for secrets: those belong in a connection.
      </p>
      <Notice message={message} />
      <QueryTable
        query={list}
        what="variables"
        errorTitle="Variables could not be loaded"
        empty={
          <Empty title="No variables yet">
            {admin
              ? 'Add one, e.g. ERP_COMPANY, and read it in any expression as $env.ERP_COMPANY.'
              : 'An admin adds them; flows then read them as $env.NAME.'}
          </Empty>
        }
        columns={['Name', 'Value', 'Description', 'Changed']}
        actions={admin ? 'Actions' : undefined}
        row={(v) => (
          <tr key={v.name}>
            <td className="mono">
              <strong>{v.name}</strong>
            </td>
            <td className="mono variable-value">{v.value === '' ? <span className="muted">(empty)</span> : v.value}</td>
            <td>{v.description || <span className="muted">—</span>}</td>
            <td>
              {formatTime(v.updatedAt)}
              {v.updatedBy && <div className="muted">{v.updatedBy}</div>}
            </td>
            {admin && (
              <td className="row-actions">
                <RowButton label={`Edit ${v.name}`} onClick={() => setEditing(v)}>
                  Edit
                </RowButton>
                <RowButton label={`Delete ${v.name}`} onClick={() => setDeleting(v)}>
                  Delete
                </RowButton>
              </td>
            )}
          </tr>
        )}
      />
      <VariableDialog
        editing={editing}
        onClose={() => setEditing(null)}
        onSaved={(v, created) => {
          setEditing(null);
          setMessage({ text: created ? `Added ${v.name}` : `Saved ${v.name}` });
          void refresh();
        }}
      />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name}?`}
        danger
        confirmLabel="Delete variable"
        message={
          <p>
            Expressions that read <code>$env.{deleting?.name}</code> get no value from then on, and the static check of
            their flows warns about it.
          </p>
        }
        onConfirm={() => (remove.mutate(deleting!.name), setDeleting(null))}
        onClose={() => setDeleting(null)}
      />
    </main>
  );
}
