import { posix } from 'node:path';
import type SftpClient from 'ssh2-sftp-client';
import { WeftError } from '../../shared/errors.ts';
import type { ConnectionCredentials } from '../define-node.ts';

/** Error codes of the SFTP steps and trigger. */
export const SftpErrorCodes = {
  /** The server refused the user's key or password: not retried. */
  authFailed: 'sftp_auth_failed',
  /** The server could not be reached or dropped the connection: retried. */
  unreachable: 'sftp_unreachable',
  /** No such remote file or folder. */
  notFound: 'sftp_not_found',
  /** A path leaves the connection's base folder or is not a plain relative path. */
  badPath: 'sftp_bad_path',
  /** The server refused an operation (permissions, a full disk, …). */
  failed: 'sftp_failed',
  /** The connection is not an sftp:// connection. */
  wrongScheme: 'sftp_wrong_connection',
} as const;

/** An open SFTP session on a connection, with paths relative to the connection's base folder. */
export interface SftpSession {
  client: SftpClient;
  /** The remote path of `relative` below the base folder. */
  path(relative: string, field?: string): string;
  /** `remote` made relative to the base folder again, as outputs name files. */
  relative(remote: string): string;
  end(): Promise<void>;
}

/** The connection's base folder: the URL's path, "/" meaning the folder the server starts the user in. */
function baseOf(url: URL): string {
  const p = decodeURIComponent(url.pathname).replace(/\/+$/, '');
  return p === '' ? '.' : p;
}

/** `relative` joined below `base`, refusing absolute paths and ".." that would leave it. */
export function remotePath(base: string, relative: string, field = 'path'): string {
  if (relative.includes('\0')) throw new WeftError(SftpErrorCodes.badPath, `${field}: contains a NUL character`);
  const clean = posix.normalize(relative.replace(/^\/+/, '') || '.');
  if (clean === '..' || clean.startsWith('../'))
    throw new WeftError(SftpErrorCodes.badPath, `${field}: "${relative}" leaves the connection's base folder`);
  return clean === '.' ? base : base === '.' ? clean : posix.join(base, clean);
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Turns what ssh2 / ssh2-sftp-client throw into a WeftError naming the server and what happened. */
export function sftpError(err: unknown, what: string): WeftError {
  if (err instanceof WeftError) return err;
  const message = describe(err);
  const code = (err as { code?: unknown })?.code;
  if (/authentication methods failed/i.test(message))
    return new WeftError(SftpErrorCodes.authFailed, `${what}: the server refused the credentials (${message})`, {
      cause: err,
    });
  if (code === 2 || /no such file/i.test(message))
    return new WeftError(SftpErrorCodes.notFound, `${what}: no such file or folder`, { cause: err });
  if (
    typeof code === 'string' &&
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|ERR_GENERIC_CLIENT)$/.test(code)
  )
    return new WeftError(SftpErrorCodes.unreachable, `${what}: ${message}`, { retryable: true, cause: err });
  if (/timed out|connection lost|not connected|ended|closed/i.test(message))
    return new WeftError(SftpErrorCodes.unreachable, `${what}: ${message}`, { retryable: true, cause: err });
  return new WeftError(SftpErrorCodes.failed, `${what}: ${message}`, { cause: err });
}

/** Opens an SFTP session with the connection's credentials at the address the egress guard checked. */
export async function openSftp(creds: ConnectionCredentials, signal?: AbortSignal): Promise<SftpSession> {
  if (creds.scheme !== 'sftp')
    throw new WeftError(
      SftpErrorCodes.wrongScheme,
      `connection "${creds.id}" is a ${creds.scheme}:// connection, not sftp://`,
    );
  const host = await creds.address();
  const where = `SFTP connection "${creds.id}" (${creds.url.hostname}:${creds.port} as "${creds.username ?? ''}")`;
  const { default: Client } = await import('ssh2-sftp-client');
  const client = new Client(`weft:${creds.id}`);
  const abort = () => void client.end().catch(() => {});
  signal?.addEventListener('abort', abort, { once: true });
  try {
    await client.connect({
      host,
      port: creds.port,
      username: creds.username,
      password: creds.privateKey ? undefined : creds.password,
      privateKey: creds.privateKey,
      readyTimeout: 15_000,
      retries: 0,
    });
  } catch (err) {
    signal?.removeEventListener('abort', abort);
    await client.end().catch(() => {});
    throw sftpError(err, where);
  }
  const base = baseOf(creds.url);
  return {
    client,
    path: (relative, field) => remotePath(base, relative, field),
    relative: (remote) => (base === '.' ? remote : posix.relative(base, remote)),
    async end() {
      signal?.removeEventListener('abort', abort);
      await client.end().catch(() => {});
    },
  };
}

/** Runs `fn` on a fresh session and always closes it. */
export async function withSftp<T>(
  creds: ConnectionCredentials,
  signal: AbortSignal | undefined,
  fn: (s: SftpSession) => Promise<T>,
): Promise<T> {
  const s = await openSftp(creds, signal);
  try {
    return await fn(s);
  } finally {
    await s.end();
  }
}
