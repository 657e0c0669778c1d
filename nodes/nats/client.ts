import type { NatsConnection } from '@nats-io/transport-node';
import { natsLib } from './lib.ts';
import { WeftError } from '../../shared/errors.ts';
import type { ConnectionCredentials } from '../define-node.ts';

/** Error codes of the NATS step and trigger. */
export const NatsErrorCodes = {
  /** The connection is not a nats:// or tls:// connection: not retried. */
  wrongScheme: 'nats_wrong_connection',
  /** The server could not be reached, refused the login for now or dropped the connection: retried. */
  unreachable: 'nats_unreachable',
  /** The stream did not acknowledge a publish (no stream for the subject, a timeout): retried. */
  notAcknowledged: 'nats_not_acknowledged',
} as const;

export const NATS_SCHEMES = ['nats', 'tls'];

/**
 * Opens a connection to the server at the connection's checked address (never the name resolved again).
 * `reconnect` keeps the client reconnecting on its own after a loss (for long-lived consumers).
 */
export async function openNats(creds: ConnectionCredentials, reconnect = false): Promise<NatsConnection> {
  if (!NATS_SCHEMES.includes(creds.scheme))
    throw new WeftError(
      NatsErrorCodes.wrongScheme,
      `connection "${creds.id}" is ${creds.scheme}://, NATS needs nats:// or tls://`,
    );
  const host = await creds.address();
  const server = host.includes(':') ? `[${host}]:${creds.port}` : `${host}:${creds.port}`;
  const { connect } = (await natsLib()).transport;
  try {
    return await connect({
      servers: server,
      name: `weft:${creds.id}`,
      user: creds.username,
      pass: creds.password,
      token: creds.token,
      timeout: 10_000,
      reconnect,
      maxReconnectAttempts: reconnect ? -1 : 0,
      reconnectTimeWait: 1_000,
      // TLS checks the certificate against the name in the URL, not the resolved address.
      ...(creds.scheme === 'tls' ? { tls: { servername: creds.url.hostname } } : {}),
    } as Parameters<typeof connect>[0]);
  } catch (err) {
    throw natsError(err, `NATS at ${creds.url.host} (connection "${creds.id}")`);
  }
}

/** What the NATS client throws, as a retryable WeftError naming the server. */
export function natsError(err: unknown, what: string, code: string = NatsErrorCodes.unreachable): WeftError {
  if (err instanceof WeftError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new WeftError(code, `${what}: ${message}`, { retryable: true, cause: err });
}
