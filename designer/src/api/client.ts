/** The designer talks to the runtime over its HTTP API only. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The CSRF token of the signed-in session; every state-changing request sends it back. */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Fired when the runtime says the session is gone (401), so the app can show the sign-in screen. */
export const SIGNED_OUT_EVENT = 'weft:signed-out';

/** A body sent as it is (CSV…), with its own Content-Type and any further headers. */
export interface TextBody {
  text: string;
  type: string;
  headers?: Record<string, string>;
}

async function request<T>(method: string, path: string, body?: unknown, raw?: TextBody): Promise<T> {
  let res: Response;
  const headers: Record<string, string> = { accept: 'application/json', ...raw?.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (raw) headers['content-type'] = raw.type;
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  try {
    const sent = raw ? raw.text : body === undefined ? undefined : JSON.stringify(body);
    res = await fetch(path, { method, headers, body: sent });
  } catch {
    throw new ApiError(0, 'network', 'The Weft runtime cannot be reached. Is it running?');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* a non-JSON answer is reported below */
  }
  if (res.status === 401 && !path.startsWith('/api/auth/')) window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
  if (!res.ok) {
    const err = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new ApiError(
      res.status,
      err?.code ?? 'http_' + res.status,
      err?.message ?? `${res.status} ${res.statusText}`,
      err?.details,
    );
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  del: (path: string) => request<void>('DELETE', path),
  /** Sends a text body (e.g. text/csv) and reads a JSON answer. */
  send: <T>(method: 'POST' | 'PUT', path: string, body: TextBody) => request<T>(method, path, undefined, body),
  /** A text answer (e.g. a CSV export), as it is. */
  text: async (path: string): Promise<string> => {
    const res = await fetch(path, { headers: { accept: 'text/csv, text/plain' } });
    if (!res.ok) throw new ApiError(res.status, `http_${res.status}`, `${res.status} ${res.statusText}`);
    return res.text();
  },
};

export const enc = encodeURIComponent;
