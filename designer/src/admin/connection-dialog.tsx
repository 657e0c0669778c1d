import { useEffect, useState, type FormEvent } from 'react';
import { api, enc } from '../api/client.ts';
import { AUTH_TYPES, type AuthType, type ConnectionView } from '../../../shared/connection.ts';
import { Dialog } from '../ui/dialog.tsx';

type Form = {
  id: string;
  name: string;
  baseUrl: string;
  type: AuthType;
  username: string;
  header: string;
  tokenUrl: string;
  clientId: string;
  scope: string;
  secret: string;
  rateLimit: string;
  allowPrivate: boolean;
};

/** The secret field each auth type has, and its label. */
const SECRET: Partial<Record<AuthType, [string, string]>> = {
  bearer: ['token', 'Token'],
  basic: ['password', 'Password'],
  api_key: ['key', 'API key'],
  oauth2_client_credentials: ['clientSecret', 'Client secret'],
};

const empty: Form = {
  id: '',
  name: '',
  baseUrl: '',
  type: 'bearer',
  username: '',
  header: 'X-API-Key',
  tokenUrl: '',
  clientId: '',
  scope: '',
  secret: '',
  rateLimit: '',
  allowPrivate: false,
};

function formOf(c: ConnectionView): Form {
  return {
    ...empty,
    id: c.id,
    name: c.name,
    baseUrl: c.baseUrl,
    type: c.auth.type,
    username: c.auth.username ?? '',
    header: c.auth.header ?? 'X-API-Key',
    tokenUrl: c.auth.tokenUrl ?? '',
    clientId: c.auth.clientId ?? '',
    scope: c.auth.scope ?? '',
    rateLimit: c.rateLimit ?? '',
    allowPrivate: c.allowPrivate,
  };
}

/** Adds or edits a connection. Secrets are write-only: an empty secret field keeps the stored one. */
export function ConnectionDialog({
  editing,
  onClose,
  onSaved,
}: {
  editing: ConnectionView | 'new' | null;
  onClose: () => void;
  onSaved: (c: ConnectionView, created: boolean) => void;
}) {
  const [f, setF] = useState<Form>(empty);
  const [error, setError] = useState<string | null>(null);
  const existing = editing && editing !== 'new' ? editing : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form resets when another connection (or a new one) is opened
  useEffect(() => {
    setF(existing ? formOf(existing) : empty);
    setError(null);
  }, [editing]);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setF((x) => ({ ...x, [k]: v }));
  const secret = SECRET[f.type];
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    const auth: Record<string, unknown> = { type: f.type };
    if (f.type === 'basic') auth.username = f.username;
    if (f.type === 'api_key') auth.header = f.header;
    if (f.type === 'oauth2_client_credentials')
      Object.assign(auth, { tokenUrl: f.tokenUrl, clientId: f.clientId, ...(f.scope ? { scope: f.scope } : {}) });
    if (secret && f.secret !== '') auth[secret[0]] = f.secret;
    const body = {
      ...(existing ? {} : f.id ? { id: f.id } : {}),
      name: f.name,
      baseUrl: f.baseUrl,
      auth,
      rateLimit: f.rateLimit || null,
      allowPrivate: f.allowPrivate,
    };
    try {
      const saved = existing
        ? await api.put<ConnectionView>(`/api/connections/${enc(existing.id)}`, body)
        : await api.post<ConnectionView>('/api/connections', body);
      onSaved(saved, !existing);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const title = existing ? `Edit ${existing.name}` : 'Add a connection';
  return (
    <Dialog
      open={editing !== null}
      title={title}
      onClose={onClose}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" onClick={() => void submit()}>
            Save
          </button>
        </>
      }
    >
      <form className="admin-form" onSubmit={submit}>
        <label>
          Name
          <input
            required
            value={f.name}
            onChange={(e) => set('name', e.target.value)}
            placeholder="e.g. ERP (production)"
          />
        </label>
        {!existing && (
          <label>
            Id (used in flows; from the name when empty)
            <input value={f.id} onChange={(e) => set('id', e.target.value)} placeholder="erp" />
          </label>
        )}
        <label>
          Base URL
          <input
            required
            value={f.baseUrl}
            onChange={(e) => set('baseUrl', e.target.value)}
            placeholder="https://erp.example.com/api"
          />
        </label>
        <label>
          Authentication
          <select value={f.type} onChange={(e) => set('type', e.target.value as AuthType)}>
            {AUTH_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        {f.type === 'basic' && (
          <label>
            User name
            <input value={f.username} onChange={(e) => set('username', e.target.value)} />
          </label>
        )}
        {f.type === 'api_key' && (
          <label>
            Header
            <input value={f.header} onChange={(e) => set('header', e.target.value)} />
          </label>
        )}
        {f.type === 'oauth2_client_credentials' && (
          <>
            <label>
              Token URL
              <input
                value={f.tokenUrl}
                onChange={(e) => set('tokenUrl', e.target.value)}
                placeholder="https://login.example.com/oauth2/token"
              />
            </label>
            <label>
              Client id
              <input value={f.clientId} onChange={(e) => set('clientId', e.target.value)} />
            </label>
            <label>
              Scope
              <input value={f.scope} onChange={(e) => set('scope', e.target.value)} />
            </label>
          </>
        )}
        {secret && (
          <label>
            {secret[1]}
            <input
              type="password"
              autoComplete="off"
              value={f.secret}
              onChange={(e) => set('secret', e.target.value)}
              placeholder={
                existing?.auth.secretSet && existing.auth.type === f.type ? 'stored — leave empty to keep it' : ''
              }
            />
          </label>
        )}
        <label>
          Rate limit (requests/interval, e.g. 100/60s; empty: none)
          <input value={f.rateLimit} onChange={(e) => set('rateLimit', e.target.value)} />
        </label>
        <label className="check">
          <input type="checkbox" checked={f.allowPrivate} onChange={(e) => set('allowPrivate', e.target.checked)} /> May
          reach private addresses (10/8, 172.16/12, 192.168/16, 100.64/10, loopback, fc00::/7, link-local; never cloud
          metadata)
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
