import { useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { SessionView } from '../../../shared/identity.ts';

/** Submits a sign-in form to `path`: busy while waiting, the runtime's message when refused, the session when granted. */
export function useSessionRequest(path: string, onDone: (s: SessionView) => void) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (body: () => unknown | Error) => async (e: FormEvent) => {
    e.preventDefault();
    const b = body();
    if (b instanceof Error) return setError(b.message);
    setBusy(true);
    setError(null);
    try {
      onDone(await api.post<SessionView>(path, b));
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  return { error, busy, submit };
}
