import type { ChannelModel, Options } from 'amqplib';
import { WeftError } from '../../shared/errors.ts';
import type { ConnectionCredentials } from '../define-node.ts';

/** Error codes of the RabbitMQ step and trigger. */
export const AmqpErrorCodes = {
  /** The connection is not an amqp:// or amqps:// connection: not retried. */
  wrongScheme: 'amqp_wrong_connection',
  /** The broker could not be reached, refused the login for now or dropped the connection: retried. */
  unreachable: 'amqp_unreachable',
  /** The broker refused a publish (no confirm, a missing exchange): retried. */
  notConfirmed: 'amqp_not_confirmed',
} as const;

/** The virtual host a connection's URL names: its path, "/" when it has none. */
export function vhostOf(url: URL): string {
  const p = url.pathname.replace(/^\//, '');
  return p === '' ? '/' : decodeURIComponent(p);
}

/** Opens a connection to the broker at the connection's checked address (never the name resolved again). */
export async function openAmqp(creds: ConnectionCredentials): Promise<ChannelModel> {
  if (creds.scheme !== 'amqp' && creds.scheme !== 'amqps')
    throw new WeftError(
      AmqpErrorCodes.wrongScheme,
      `connection "${creds.id}" is ${creds.scheme}://, RabbitMQ needs amqp:// or amqps://`,
    );
  const hostname = await creds.address();
  const options: Options.Connect = {
    protocol: creds.scheme,
    hostname,
    port: creds.port,
    username: creds.username ?? 'guest',
    password: creds.password ?? 'guest',
    vhost: vhostOf(creds.url),
    heartbeat: 30,
  };
  try {
    // TLS checks the certificate against the name in the URL, not the resolved address.
    // Loaded the first time a RabbitMQ step or trigger connects: a runtime without one carries none of it.
    const amqp = (await import('amqplib')).default;
    return await amqp.connect(options, { servername: creds.url.hostname, timeout: 10_000 });
  } catch (err) {
    throw amqpError(err, `RabbitMQ at ${creds.url.host} (connection "${creds.id}")`);
  }
}

/** What amqplib throws, as a retryable WeftError naming the broker. */
export function amqpError(err: unknown, what: string): WeftError {
  if (err instanceof WeftError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new WeftError(AmqpErrorCodes.unreachable, `${what}: ${message}`, { retryable: true, cause: err });
}
