import { useEffect, useState, type FormEvent } from 'react';
import { api, enc } from '../api/client.ts';
import { Dialog } from '../ui/dialog.tsx';
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
  const [f, setF] = useState<Form>(formOf(null));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (channel === null) return;
    setF(formOf(channel === 'new' ? null : channel));
    setError(null);
  }, [channel]);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setF((p) => ({ ...p, [k]: v }));
  const kept = existing?.secretSet ? 'stored; leave empty to keep' : '';
  const text = (k: keyof Form, label: string, o: { type?: string; placeholder?: string } = {}) => (
    <label>
      {label}
      <input
        type={o.type ?? 'text'}
        value={f[k] as string}
        placeholder={o.placeholder}
        autoComplete="off"
        onChange={(e) => set(k, e.target.value as never)}
      />
    </label>
  );

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    const body = { kind: f.kind, name: f.name, settings: settingsOf(f) };
    try {
      if (existing) await api.put(`/api/alerts/channels/${enc(existing.id)}`, body);
      else await api.post('/api/alerts/channels', body);
      onSaved(`Channel "${f.name}" saved`);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <Dialog
      open={channel !== null}
      title={existing ? `Edit channel ${existing.name}` : 'New alert channel'}
      onClose={onClose}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" onClick={() => void submit()}>
            Save channel
          </button>
        </>
      }
    >
      <form className="admin-form" onSubmit={submit}>
        {text('name', 'Name')}
        <label>
          Kind
          <select
            value={f.kind}
            disabled={existing !== null}
            onChange={(e) => set('kind', e.target.value as ChannelKind)}
          >
            {CHANNEL_KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
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
          <label className="check">
            <input type="checkbox" checked={f.allowPrivate} onChange={(e) => set('allowPrivate', e.target.checked)} />
            May reach private and loopback addresses
          </label>
        )}
        {f.kind === 'email' && (
          <>
            {text('host', 'SMTP host')}
            {text('port', 'Port', { type: 'number' })}
            <label className="check">
              <input type="checkbox" checked={f.secure} onChange={(e) => set('secure', e.target.checked)} />
              TLS from the start (port 465); otherwise STARTTLS when the server offers it
            </label>
            {text('from', 'From')}
            {text('to', 'To (comma-separated)')}
            {text('user', 'User (empty: no authentication)')}
            {f.user && text('pass', 'Password', { type: 'password', placeholder: kept })}
          </>
        )}
        {error && (
          <p className="admin-msg admin-msg-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}
