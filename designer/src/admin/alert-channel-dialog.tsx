import { api, enc } from '../api/client.ts';
import { CheckField, SelectField, TextField } from '../ui/form.tsx';
import { FormDialog, useFormValues } from '../ui/form-dialog.tsx';
import { CHANNEL_KINDS, type AlertChannel, type ChannelKind } from '../../../shared/alerts.ts';

interface Form {
  kind: ChannelKind;
  name: string;
  url: string;
  secret: string;
  allowPrivate: boolean;
  host: string;
  port: string;
  secure: boolean;
  from: string;
  to: string;
  user: string;
  pass: string;
}
type TextKey = Exclude<keyof Form, 'kind' | 'allowPrivate' | 'secure'>;

function formOf(ch: AlertChannel | null): Form {
  const s = (ch?.settings ?? {}) as Record<string, unknown>;
  const auth = s.auth as { user?: string } | undefined;
  return {
    kind: ch?.kind ?? 'webhook',
    name: ch?.name ?? '',
    url: typeof s.url === 'string' ? s.url : '',
    secret: '',
    allowPrivate: s.allowPrivate === true,
    host: typeof s.host === 'string' ? s.host : '',
    port: s.port === undefined ? '587' : String(s.port),
    secure: s.secure === true,
    from: typeof s.from === 'string' ? s.from : '',
    to: Array.isArray(s.to) ? s.to.join(', ') : '',
    user: auth?.user ?? '',
    pass: '',
  };
}

/** The settings as the API takes them; a secret left empty is left out (kept when editing). */
function settingsOf(f: Form): Record<string, unknown> {
  const opt = (v: string) => (v === '' ? undefined : v);
  if (f.kind === 'webhook') return { url: f.url, secret: opt(f.secret), allowPrivate: f.allowPrivate };
  if (f.kind === 'slack') return { url: opt(f.url), allowPrivate: f.allowPrivate };
  return {
    host: f.host,
    port: Number(f.port),
    secure: f.secure,
    from: f.from,
    to: f.to
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    auth: f.user ? { user: f.user, pass: opt(f.pass) } : undefined,
  };
}

/** Creates or edits an alert channel: a signed webhook, a Slack incoming webhook or email over SMTP. */
export function AlertChannelDialog({
  channel,
  onClose,
  onSaved,
}: {
  channel: AlertChannel | 'new' | null;
  onClose: () => void;
  onSaved: (text: string) => void;
}) {
  const existing = channel === 'new' ? null : channel;
  const [f, set] = useFormValues(channel, () => formOf(existing));
  const kept = existing?.secretSet ? 'stored; leave empty to keep' : '';
  const text = (k: TextKey, label: string, o: { type?: string; placeholder?: string } = {}) => (
    <TextField
      label={label}
      type={o.type ?? 'text'}
      value={f[k]}
      placeholder={o.placeholder}
      autoComplete="off"
      onChange={(v) => set(k, v)}
    />
  );

  const submit = async () => {
    const body = { kind: f.kind, name: f.name, settings: settingsOf(f) };
    if (existing) await api.put(`/api/alerts/channels/${enc(existing.id)}`, body);
    else await api.post('/api/alerts/channels', body);
    onSaved(`Channel "${f.name}" saved`);
  };

  return (
    <FormDialog
      open={channel !== null}
      title={existing ? `Edit channel ${existing.name}` : 'New alert channel'}
      submitLabel="Save channel"
      onClose={onClose}
      onSubmit={submit}
    >
      {text('name', 'Name')}
      <SelectField
        label="Kind"
        value={f.kind}
        options={CHANNEL_KINDS}
        disabled={existing !== null}
        onChange={(v) => set('kind', v)}
      />
      {f.kind === 'webhook' && (
        <>
          {text('url', 'URL (JSON is POSTed here)', { placeholder: 'https://ops.example.com/weft-alerts' })}
          {text('secret', 'Signing secret (at least 16 characters)', { type: 'password', placeholder: kept })}
          <p className="muted">Each body is signed: X-Weft-Signature: sha256=HMAC-SHA256(secret, body) in hex.</p>
        </>
      )}
      {f.kind === 'slack' &&
        text('url', 'Incoming webhook URL', { type: 'password', placeholder: kept || 'https://hooks.slack.com/…' })}
      {(f.kind === 'webhook' || f.kind === 'slack') && (
        <CheckField
          label="May reach private and loopback addresses"
          checked={f.allowPrivate}
          onChange={(v) => set('allowPrivate', v)}
        />
      )}
      {f.kind === 'email' && (
        <>
          {text('host', 'SMTP host')}
          {text('port', 'Port', { type: 'number' })}
          <CheckField
            label="TLS from the start (port 465); otherwise STARTTLS when the server offers it"
            checked={f.secure}
            onChange={(v) => set('secure', v)}
          />
          {text('from', 'From')}
          {text('to', 'To (comma-separated)')}
          {text('user', 'User (empty: no authentication)')}
          {f.user && text('pass', 'Password', { type: 'password', placeholder: kept })}
        </>
      )}
    </FormDialog>
  );
}
