import { api, enc } from '../api/client.ts';
import { AUTH_TYPES, type AuthType, type ConnectionView } from '../../../shared/connection.ts';
import { CheckField, Field, SelectField, TextField } from '../ui/form.tsx';
import { FormDialog, useFormValues } from '../ui/form-dialog.tsx';

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
type TextKey = Exclude<keyof Form, 'type' | 'allowPrivate'>;

/** The secret field each auth type has, and its label. */
const SECRET: Partial<Record<AuthType, [string, string]>> = {
  bearer: ['token', 'Token'],
  basic: ['password', 'Password'],
  api_key: ['key', 'API key'],
  oauth2_client_credentials: ['clientSecret', 'Client secret'],
  ssh_key: ['privateKey', 'Private key (OpenSSH or PEM)'],
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
  const existing = editing && editing !== 'new' ? editing : null;
  const [f, set] = useFormValues(editing, () => (existing ? formOf(existing) : empty));
  const text = (k: TextKey) => (v: string) => set(k, v);
  const secret = SECRET[f.type];
  const submit = async () => {
    const auth: Record<string, unknown> = { type: f.type };
    if (f.type === 'basic' || f.type === 'ssh_key') auth.username = f.username;
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
    const saved = existing
      ? await api.put<ConnectionView>(`/api/connections/${enc(existing.id)}`, body)
      : await api.post<ConnectionView>('/api/connections', body);
    onSaved(saved, !existing);
  };
  return (
    <FormDialog
      open={editing !== null}
      title={existing ? `Edit ${existing.name}` : 'Add a connection'}
      submitLabel="Save"
      onClose={onClose}
      onSubmit={submit}
    >
      <TextField label="Name" required value={f.name} onChange={text('name')} placeholder="e.g. ERP (production)" />
      {!existing && (
        <TextField
          label="Id (used in flows; from the name when empty)"
          value={f.id}
          onChange={text('id')}
          placeholder="erp"
        />
      )}
      <TextField
        label="Base URL"
        required
        value={f.baseUrl}
        onChange={text('baseUrl')}
        placeholder="https://erp.example.com/api, amqp://mq.example.com, nats://…, sftp://files.example.com"
      />
      <SelectField label="Authentication" value={f.type} options={AUTH_TYPES} onChange={(v) => set('type', v)} />
      {(f.type === 'basic' || f.type === 'ssh_key') && (
        <TextField label="User name" value={f.username} onChange={text('username')} />
      )}
      {f.type === 'api_key' && <TextField label="Header" value={f.header} onChange={text('header')} />}
      {f.type === 'oauth2_client_credentials' && (
        <>
          <TextField
            label="Token URL"
            value={f.tokenUrl}
            onChange={text('tokenUrl')}
            placeholder="https://login.example.com/oauth2/token"
          />
          <TextField label="Client id" value={f.clientId} onChange={text('clientId')} />
          <TextField label="Scope" value={f.scope} onChange={text('scope')} />
        </>
      )}
      {secret && f.type === 'ssh_key' && (
        <Field label={secret[1]}>
          {(control) => (
            <textarea
              {...control}
              className="mono"
              rows={5}
              autoComplete="off"
              spellCheck={false}
              value={f.secret}
              onChange={(e) => set('secret', e.target.value)}
              placeholder={
                existing?.auth.secretSet && existing.auth.type === f.type
                  ? 'stored — leave empty to keep it'
                  : '-----BEGIN OPENSSH PRIVATE KEY-----'
              }
            />
          )}
        </Field>
      )}
      {secret && f.type !== 'ssh_key' && (
        <TextField
          label={secret[1]}
          type="password"
          autoComplete="off"
          value={f.secret}
          onChange={text('secret')}
          placeholder={
            existing?.auth.secretSet && existing.auth.type === f.type ? 'stored — leave empty to keep it' : ''
          }
        />
      )}
      <TextField
        label="Rate limit (requests/interval, e.g. 100/60s; empty: none)"
        value={f.rateLimit}
        onChange={text('rateLimit')}
      />
      <CheckField
        label=" May reach private addresses (10/8, 172.16/12, 192.168/16, 100.64/10, loopback, fc00::/7, link-local; never cloud metadata)"
        checked={f.allowPrivate}
        onChange={(v) => set('allowPrivate', v)}
      />
    </FormDialog>
  );
}
