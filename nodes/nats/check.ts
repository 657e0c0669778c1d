import type { CheckEnv, ConfigFinding } from '../define-node.ts';
import { NATS_SCHEMES } from './client.ts';

/** The static check of a NATS node's connection: it exists and is a nats:// or tls:// connection. */
export function checkNatsConnection(c: Record<string, unknown>, env?: CheckEnv): ConfigFinding[] {
  if (typeof c.connection !== 'string' || c.connection.trim() === '')
    return [{ severity: 'error', field: 'connection', message: 'name a nats:// or tls:// connection' }];
  const scheme = env?.connectionScheme?.(c.connection);
  if (scheme === null)
    return [{ severity: 'error', field: 'connection', message: `there is no connection "${c.connection}"` }];
  if (scheme !== undefined && !NATS_SCHEMES.includes(scheme))
    return [
      {
        severity: 'error',
        field: 'connection',
        message: `connection "${c.connection}" is ${scheme}://; NATS needs a nats:// or tls:// connection`,
      },
    ];
  return [];
}
