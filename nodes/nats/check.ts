import type { ConfigFinding } from '../define-node.ts';

/** The static check of a NATS node's connection reference: a connection id is named. */
export function checkNatsConnection(c: Record<string, unknown>): ConfigFinding[] {
  if (typeof c.connection !== 'string' || c.connection.trim() === '')
    return [{ severity: 'error', field: 'connection', message: 'name a nats:// or tls:// connection' }];
  return [];
}
