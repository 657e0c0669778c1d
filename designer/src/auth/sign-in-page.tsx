import { useState } from 'react';
import type { SessionView } from '../../../shared/identity.ts';
import { useSessionRequest } from './use-session-request.ts';
import './auth.css';

export function SignInPage({ onDone }: { onDone: (s: SessionView) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { error, busy, submit: request } = useSessionRequest('/api/auth/login', onDone);
  const submit = request(() => ({ email, password }));
  return (
    <main className="auth-page">
      <form className="auth-card" onSubmit={submit} aria-labelledby="sign-in-title">
        <div className="auth-brand">
          <span className="brand-mark" aria-hidden="true">
            W
          </span>{' '}
          Weft
        </div>
        <h1 id="sign-in-title">Sign in</h1>
        <label>
          Email
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            // biome-ignore lint/a11y/noAutofocus: the page's only task starts in this field
            autoFocus
          />
        </label>
        <label>
          Password
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p className="auth-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="auth-hint">Ask an administrator for an account.</p>
      </form>
    </main>
  );
}
