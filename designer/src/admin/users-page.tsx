import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, enc } from '../api/client.ts';
import { ROLES, type ApiTokenView, type Role, type UserView } from '../../../shared/identity.ts';
import { Empty, ErrorBox, Loading } from '../ui/states.tsx';
import { Dialog, ConfirmDialog } from '../ui/dialog.tsx';
import { formatTime } from '../ui/format.ts';
import { useSession } from '../auth/session.tsx';
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
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
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
      <div className="page-head">
        <h1>Users and API tokens</h1>
        <div className="actions">
          <button type="button" className="primary" onClick={() => setAdding(true)}>
            Add user
          </button>
        </div>
      </div>
      {message && (
        <p className={message.error ? 'admin-msg admin-msg-error' : 'admin-msg'} role="status">
          {message.text}
        </p>
      )}
      <section aria-labelledby="users-h">
        <h2 id="users-h">Users</h2>
        {userList.isPending ? (
          <Loading what="users" />
        ) : userList.isError ? (
          <ErrorBox title="Users could not be loaded" error={userList.error} onRetry={() => userList.refetch()} />
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Since</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {userList.data.map((u) => (
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
                      <button
                        type="button"
                        className="small"
                        onClick={() => update.mutate({ id: u.id, patch: { disabled: !u.disabledAt } })}
                      >
                        {u.disabledAt ? 'Enable' : 'Disable'}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="tokens-h">
        <div className="section-head">
          <h2 id="tokens-h">API tokens</h2>
          <button type="button" onClick={() => setCreatingToken(true)}>
            Create token
          </button>
        </div>
        {tokenList.isPending ? (
          <Loading what="tokens" />
        ) : tokenList.isError ? (
          <ErrorBox title="Tokens could not be loaded" error={tokenList.error} />
        ) : tokenList.data.length === 0 ? (
          <Empty title="No API tokens">
            Tokens let the CLI (<code>weft import --token</code>) and automation call the API with a role.
          </Empty>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Starts with</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokenList.data.map((t) => (
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
                    {!t.revokedAt && (
                      <button type="button" className="small" onClick={() => setRevoking(t)}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
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
  const [form, setForm] = useState({ email: '', name: '', role: 'analyst' as Role, password: '' });
  const [error, setError] = useState<string | null>(null);
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    try {
      onAdded(await api.post<UserView>('/api/users', { ...form, name: form.name || undefined }));
      setForm({ email: '', name: '', role: 'analyst', password: '' });
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <Dialog
      open={open}
      title="Add a user"
      onClose={onClose}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" onClick={() => void submit()}>
            Add user
          </button>
        </>
      }
    >
      <form className="admin-form" onSubmit={submit}>
        <label>
          Email
          <input
            type="email"
            required
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.target.value })}
          />
        </label>
        <label>
          Name
          <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </label>
        <label>
          Role
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label>
          Initial password (at least 10 characters)
          <input
            type="password"
            autoComplete="new-password"
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
          />
        </label>
        {error && (
          <p className="admin-msg admin-msg-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
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
  const [form, setForm] = useState({ name: '', role: 'operator' as Role, days: '' });
  const [error, setError] = useState<string | null>(null);
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    try {
      const created = await api.post<{ token: string }>('/api/tokens', {
        name: form.name,
        role: form.role,
        expiresInDays: form.days ? Number(form.days) : undefined,
      });
      setForm({ name: '', role: 'operator', days: '' });
      setError(null);
      onCreated(created.token);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <Dialog
      open={open}
      title="Create an API token"
      onClose={onClose}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" onClick={() => void submit()}>
            Create token
          </button>
        </>
      }
    >
      <form className="admin-form" onSubmit={submit}>
        <label>
          Name
          <input
            required
            value={form.name}
            placeholder="e.g. CI deploys"
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
        </label>
        <label>
          Role
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label>
          Expires after (days, empty: never)
          <input type="number" min={1} value={form.days} onChange={(e) => setForm({ ...form, days: e.target.value })} />
        </label>
        {error && (
          <p className="admin-msg admin-msg-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}
