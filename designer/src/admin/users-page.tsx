import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, enc } from '../api/client.ts';
import { ROLES, type ApiTokenView, type Role, type UserView } from '../../../shared/identity.ts';
import { Empty } from '../ui/states.tsx';
import { Dialog, ConfirmDialog } from '../ui/dialog.tsx';
import { QueryTable, RowButton } from '../ui/data-table.tsx';
import { SelectField, TextField } from '../ui/form.tsx';
import { FormDialog, useFormValues } from '../ui/form-dialog.tsx';
import { Notice, PageHead, type Message } from '../ui/page-head.tsx';
import { formatTime } from '../ui/format.ts';
import { useSession } from '../auth/session.tsx';
import { FourEyesSetting } from './four-eyes-setting.tsx';
import './admin.css';

const users = () => api.get<{ users: UserView[] }>('/api/users').then((r) => r.users);
const tokens = () => api.get<{ tokens: ApiTokenView[] }>('/api/tokens').then((r) => r.tokens);

/** Admins: people and their roles, and API tokens for the CLI and automation. */
export function UsersPage() {
  const qc = useQueryClient();
  const me = useSession().principal;
  const userList = useQuery({ queryKey: ['users'], queryFn: users });
  const tokenList = useQuery({ queryKey: ['tokens'], queryFn: tokens });
  const [adding, setAdding] = useState(false);
  const [creatingToken, setCreatingToken] = useState(false);
  const [shownToken, setShownToken] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiTokenView | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const update = useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: Partial<{ role: Role; disabled: boolean }> }) =>
      api.patch<UserView>(`/api/users/${enc(id)}`, patch),
    onSuccess: (u) => (
      setMessage({ text: `${u.email} is now ${u.disabledAt ? 'disabled' : u.role}` }),
      qc.invalidateQueries({ queryKey: ['users'] })
    ),
    onError: (e) => setMessage({ text: e.message, error: true }),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.del(`/api/tokens/${enc(id)}`),
    onSuccess: () => (setMessage({ text: 'Token revoked' }), qc.invalidateQueries({ queryKey: ['tokens'] })),
    onError: (e) => setMessage({ text: e.message, error: true }),
  });

  return (
    <main className="page admin-page">
      <PageHead title="Users and API tokens">
        <button type="button" className="primary" onClick={() => setAdding(true)}>
          Add user
        </button>
      </PageHead>
      <Notice message={message} />
      <section aria-labelledby="users-h">
        <h2 id="users-h">Users</h2>
        <QueryTable
          query={userList}
          what="users"
          errorTitle="Users could not be loaded"
          columns={['Email', 'Name', 'Role', 'Since', 'State']}
          actions="Actions"
          row={(u) => (
            <tr key={u.id}>
              <td>{u.email}</td>
              <td>{u.name}</td>
              <td>
                <select
                  aria-label={`Role of ${u.email}`}
                  value={u.role}
                  disabled={update.isPending}
                  onChange={(e) => update.mutate({ id: u.id, patch: { role: e.target.value as Role } })}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </td>
              <td>{formatTime(u.createdAt)}</td>
              <td>{u.disabledAt ? <span className="muted">disabled</span> : 'active'}</td>
              <td className="row-actions">
                {u.email !== me.name && (
                  <RowButton onClick={() => update.mutate({ id: u.id, patch: { disabled: !u.disabledAt } })}>
                    {u.disabledAt ? 'Enable' : 'Disable'}
                  </RowButton>
                )}
              </td>
            </tr>
          )}
        />
      </section>
      <section aria-labelledby="tokens-h">
        <div className="section-head">
          <h2 id="tokens-h">API tokens</h2>
          <button type="button" onClick={() => setCreatingToken(true)}>
            Create token
          </button>
        </div>
        <QueryTable
          query={tokenList}
          what="tokens"
          errorTitle="Tokens could not be loaded"
          empty={
            <Empty title="No API tokens">
              Tokens let the CLI (<code>weft import --token</code>) and automation call the API with a role.
            </Empty>
          }
          columns={['Name', 'Role', 'Starts with', 'Created', 'Last used', 'Expires', 'State']}
          actions="Actions"
          row={(t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>{t.role}</td>
              <td>
                <code>{t.prefix}…</code>
              </td>
              <td>
                {formatTime(t.createdAt)}
                {t.createdBy ? <span className="muted"> by {t.createdBy}</span> : null}
              </td>
              <td>{t.lastUsedAt ? formatTime(t.lastUsedAt) : <span className="muted">never</span>}</td>
              <td>{t.expiresAt ? formatTime(t.expiresAt) : <span className="muted">never</span>}</td>
              <td>{t.revokedAt ? <span className="muted">revoked</span> : 'active'}</td>
              <td className="row-actions">
                {!t.revokedAt && <RowButton onClick={() => setRevoking(t)}>Revoke</RowButton>}
              </td>
            </tr>
          )}
        />
      </section>
      <FourEyesSetting onMessage={setMessage} />
      <AddUserDialog
        open={adding}
        onClose={() => setAdding(false)}
        onAdded={(u) => (
          setAdding(false),
          setMessage({ text: `Added ${u.email} as ${u.role}` }),
          qc.invalidateQueries({ queryKey: ['users'] })
        )}
      />
      <CreateTokenDialog
        open={creatingToken}
        onClose={() => setCreatingToken(false)}
        onCreated={(token) => (
          setCreatingToken(false), setShownToken(token), qc.invalidateQueries({ queryKey: ['tokens'] })
        )}
      />
      <Dialog
        open={shownToken !== null}
        title="Your new API token"
        onClose={() => setShownToken(null)}
        actions={
          <button type="button" className="primary" onClick={() => setShownToken(null)}>
            I have copied it
          </button>
        }
      >
        <p>Copy it now: Weft keeps only its hash and cannot show it again.</p>
        <input
          className="token-value mono"
          readOnly
          value={shownToken ?? ''}
          aria-label="API token"
          onFocus={(e) => e.target.select()}
        />
      </Dialog>
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke “${revoking?.name}”?`}
        danger
        confirmLabel="Revoke token"
        message={<p>Anything using this token is refused from now on.</p>}
        onConfirm={() => (revoke.mutate(revoking!.id), setRevoking(null))}
        onClose={() => setRevoking(null)}
      />
    </main>
  );
}

function AddUserDialog({
  open,
  onClose,
  onAdded,
}: {
  open: boolean;
  onClose: () => void;
  onAdded: (u: UserView) => void;
}) {
  const [f, set] = useFormValues(open, () => ({ email: '', name: '', role: 'analyst' as Role, password: '' }));
  const submit = async () => onAdded(await api.post<UserView>('/api/users', { ...f, name: f.name || undefined }));
  return (
    <FormDialog open={open} title="Add a user" submitLabel="Add user" onClose={onClose} onSubmit={submit}>
      <TextField label="Email" type="email" required value={f.email} onChange={(v) => set('email', v)} />
      <TextField label="Name" value={f.name} onChange={(v) => set('name', v)} />
      <SelectField label="Role" value={f.role} options={ROLES} onChange={(v) => set('role', v)} />
      <TextField
        label="Initial password (at least 10 characters)"
        type="password"
        autoComplete="new-password"
        value={f.password}
        onChange={(v) => set('password', v)}
      />
    </FormDialog>
  );
}

function CreateTokenDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (token: string) => void;
}) {
  const [f, set] = useFormValues(open, () => ({ name: '', role: 'operator' as Role, days: '' }));
  const submit = async () => {
    const created = await api.post<{ token: string }>('/api/tokens', {
      name: f.name,
      role: f.role,
      expiresInDays: f.days ? Number(f.days) : undefined,
    });
    onCreated(created.token);
  };
  return (
    <FormDialog open={open} title="Create an API token" submitLabel="Create token" onClose={onClose} onSubmit={submit}>
      <TextField label="Name" required value={f.name} placeholder="e.g. CI deploys" onChange={(v) => set('name', v)} />
      <SelectField label="Role" value={f.role} options={ROLES} onChange={(v) => set('role', v)} />
      <TextField
        label="Expires after (days, empty: never)"
        type="number"
        min={1}
        value={f.days}
        onChange={(v) => set('days', v)}
      />
    </FormDialog>
  );
}
