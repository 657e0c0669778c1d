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
export async function fetchClientCredentialsToken(http: HttpClient, c: ClientCredentials): Promise<{ accessToken: string; expiresInMs: number }> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret });
  if (c.scope) form.set('scope', c.scope);
  const res = await http.request({
    method: 'POST', url: c.tokenUrl, timeoutMs: 15_000, signal: c.signal, allowPrivate: c.allowPrivate,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form.toString(),
  });
  const where = `token request to ${new URL(c.tokenUrl).origin}`;
  if (res.status >= 500 || res.status === 429) throw new WeftError(ErrorCodes.http5xx, `${where} answered ${res.status}`, { retryable: true });
  if (res.status < 200 || res.status > 299) throw new WeftError(ErrorCodes.http4xx, `${where} answered ${res.status}; check the client id, secret and scope`, { retryable: false });
  let body: { access_token?: unknown; expires_in?: unknown };
  try {
    body = JSON.parse(res.body);
  } catch {
    throw new WeftError(ErrorCodes.http5xx, `${where} did not answer with JSON`, { retryable: false });
  }
  if (typeof body.access_token !== 'string' || body.access_token === '') throw new WeftError(ErrorCodes.http5xx, `${where} answered without an access_token`, { retryable: false });
  const seconds = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
  return { accessToken: body.access_token, expiresInMs: seconds * 1000 };
}
