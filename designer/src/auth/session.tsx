import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken, SIGNED_OUT_EVENT } from '../api/client.ts';
import { roleAtLeast, type Principal, type Role, type SessionView } from '../../../shared/identity.ts';
import { SignInPage } from './sign-in-page.tsx';
import { SetupPage } from './setup-page.tsx';
import { Loading, ErrorBox } from '../ui/states.tsx';

interface SessionContext {
  principal: Principal;
  /** True when the signed-in role includes `role`. */
  can(role: Role): boolean;
  signOut(): Promise<void>;
}

const Ctx = createContext<SessionContext | null>(null);

export function useSession(): SessionContext {
  const s = useContext(Ctx);
  if (!s) throw new Error('useSession outside the session gate');
  return s;
}

/** Shorthand for role checks in components: hides or disables what the role may not do. */
export function useCan(): (role: Role) => boolean {
  return useSession().can;
}

type State =
  | { kind: 'loading' }
  | { kind: 'error'; error: unknown }
  | { kind: 'signed-out'; setupNeeded: boolean }
  | { kind: 'signed-in'; principal: Principal };

/** Shows the owner set-up or the sign-in screen until there is a session, then the app. */
export function SessionGate({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const queries = useQueryClient();

  const load = useCallback(async () => {
    try {
      const s = await api.get<SessionView>('/api/auth/session');
      setCsrfToken(s.csrfToken);
      setState(
        s.principal
          ? { kind: 'signed-in', principal: s.principal }
          : { kind: 'signed-out', setupNeeded: s.setupNeeded },
      );
    } catch (err) {
      setState({ kind: 'error', error: err });
    }
  }, []);

  useEffect(() => {
    void load();
    const onSignedOut = () =>
      setState((s) => (s.kind === 'signed-in' ? { kind: 'signed-out', setupNeeded: false } : s));
    window.addEventListener(SIGNED_OUT_EVENT, onSignedOut);
    return () => window.removeEventListener(SIGNED_OUT_EVENT, onSignedOut);
  }, [load]);

  const signedIn = useCallback(
    (s: SessionView) => {
      setCsrfToken(s.csrfToken);
      queries.clear();
      if (s.principal) setState({ kind: 'signed-in', principal: s.principal });
    },
    [queries],
  );

  if (state.kind === 'loading')
    return (
      <main className="page">
        <Loading what="Weft" />
      </main>
    );
  if (state.kind === 'error')
    return (
      <main className="page">
        <ErrorBox title="Weft could not be reached" error={state.error} onRetry={() => void load()} />
      </main>
    );
  if (state.kind === 'signed-out')
    return state.setupNeeded ? <SetupPage onDone={signedIn} /> : <SignInPage onDone={signedIn} />;
  const principal = state.principal;
  const value: SessionContext = {
    principal,
    can: (role) => roleAtLeast(principal.role, role),
    signOut: async () => {
      await api.post('/api/auth/logout').catch(() => {});
      setCsrfToken(null);
      queries.clear();
      setState({ kind: 'signed-out', setupNeeded: false });
    },
  };
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}
