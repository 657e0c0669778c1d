import type { HttpClient } from '../../nodes/define-node.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';

export interface ClientCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  signal?: AbortSignal;
  allowPrivate?: boolean;
}

/** OAuth 2.0 client-credentials grant (RFC 6749 §4.4), client authenticated in the form body. */
export async function fetchClientCredentialsToken(
  http: HttpClient,
  c: ClientCredentials,
): Promise<{ accessToken: string; expiresInMs: number }> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: c.clientId,
    client_secret: c.clientSecret,
  });
  if (c.scope) form.set('scope', c.scope);
  const res = await http.request({
    method: 'POST',
    url: c.tokenUrl,
    timeoutMs: 15_000,
    signal: c.signal,
    allowPrivate: c.allowPrivate,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form.toString(),
  });
  const where = `token request to ${new URL(c.tokenUrl).origin}`;
  if (res.status >= 500 || res.status === 429)
    throw new WeftError(ErrorCodes.http5xx, `${where} answered ${res.status}`, { retryable: true });
  if (res.status < 200 || res.status > 299)
    throw new WeftError(ErrorCodes.http4xx, `${where} answered ${res.status}; check the client id, secret and scope`, {
      retryable: false,
    });
  let body: { access_token?: unknown; expires_in?: unknown };
  try {
    body = JSON.parse(res.body);
  } catch {
    throw new WeftError(ErrorCodes.http5xx, `${where} did not answer with JSON`, { retryable: false });
  }
  if (typeof body.access_token !== 'string' || body.access_token === '')
    throw new WeftError(ErrorCodes.http5xx, `${where} answered without an access_token`, { retryable: false });
  const seconds = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
  return { accessToken: body.access_token, expiresInMs: seconds * 1000 };
}

export type TokenRequest = () => Promise<{ accessToken: string; expiresInMs: number }>;

/** Tokens are used until this long before they expire. */
const EXPIRY_MARGIN_MS = 30_000;

/**
 * Access tokens per connection, cached until shortly before they expire. One token request at a time
 * per connection: callers that need a token while one is being fetched wait for it. A token the API
 * refused (401) is replaced once, however many requests saw the refusal: the others get the replacement.
 */
export class AccessTokens {
  private readonly cached = new Map<string, { token: string; expiresAt: number }>();
  private readonly pending = new Map<string, Promise<string>>();

  constructor(private readonly now: () => number) {}

  /** The cached token, or a new one; `signal` stops this caller's wait, not the request others share. */
  get(key: string, request: TokenRequest, signal?: AbortSignal): Promise<string> {
    const c = this.cached.get(key);
    return c && c.expiresAt > this.now()
      ? Promise.resolve(c.token)
      : waitUnlessAborted(this.fetch(key, request), signal);
  }

  /** A token other than `refused`: the cached one if it was already replaced, else a new one. */
  replace(key: string, refused: string, request: TokenRequest, signal?: AbortSignal): Promise<string> {
    if (this.cached.get(key)?.token === refused) this.cached.delete(key);
    return this.get(key, request, signal);
  }

  /** Forgets the connection's token (its settings changed); a request under way is not cached. */
  clear(): void {
    this.cached.clear();
    this.pending.clear();
  }

  delete(key: string): void {
    this.cached.delete(key);
    this.pending.delete(key);
  }

  private fetch(key: string, request: TokenRequest): Promise<string> {
    const under = this.pending.get(key);
    if (under) return under;
    const p: Promise<string> = request()
      .then((t) => {
        if (this.pending.get(key) === p)
          this.cached.set(key, {
            token: t.accessToken,
            expiresAt: this.now() + Math.max(0, t.expiresInMs - EXPIRY_MARGIN_MS),
          });
        return t.accessToken;
      })
      .finally(() => {
        if (this.pending.get(key) === p) this.pending.delete(key);
      });
    this.pending.set(key, p);
    return p;
  }
}

function waitUnlessAborted<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  return new Promise<T>((resolve, reject) => {
    const stop = () =>
      reject(new WeftError(ErrorCodes.aborted, 'stopped waiting for an OAuth2 token: the request was aborted'));
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}
