import { useState } from 'react';
import type { SessionView } from '../../../shared/identity.ts';
import { useSessionRequest } from './use-session-request.ts';
import './auth.css';

/** First start: nobody exists yet, so the first person becomes the owner (an admin). */
export function SetupPage({ onDone }: { onDone: (s: SessionView) => void }) {
  const [form, setForm] = useState({ name: '', email: '', password: '', repeat: '' });
  const { error, busy, submit: request } = useSessionRequest('/api/auth/setup', onDone);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = request(() =>
    form.password !== form.repeat
      ? new Error('the two passwords differ')
      : { name: form.name || undefined, email: form.email, password: form.password },
  );
  return (
    <main className="auth-page">
      <form className="auth-card" onSubmit={submit} aria-labelledby="setup-title">
        <div className="auth-brand">
          <span className="brand-mark" aria-hidden="true">
            W
          </span>{' '}
          Weft
        </div>
        <h1 id="setup-title">Set up Weft</h1>
        <p className="auth-hint">
          Nobody has an account yet. You become the owner: an administrator who adds the analysts and operators.
        </p>
        <label>
          Your name
          {/* biome-ignore lint/a11y/noAutofocus: the page's only task starts in this field */}
          <input autoComplete="name" value={form.name} onChange={set('name')} autoFocus />
        </label>
        <label>
          Email
          <input type="email" autoComplete="username" required value={form.email} onChange={set('email')} />
        </label>
        <label>
          Password (at least 10 characters)
          <input
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            value={form.password}
            onChange={set('password')}
          />
        </label>
        <label>
          Password again
          <input type="password" autoComplete="new-password" required value={form.repeat} onChange={set('repeat')} />
        </label>
        {error && (
          <p className="auth-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Setting up…' : 'Create owner account'}
        </button>
      </form>
    </main>
  );
}
