import type { CheckEnv, ConfigFinding } from '../define-node.ts';
import { checkConnection } from '../connection-check.ts';
import { NATS_SCHEMES } from './client.ts';

/** The static check of a NATS node's connection: it exists and is a nats:// or tls:// connection. */
export function checkNatsConnection(c: Record<string, unknown>, env?: CheckEnv): ConfigFinding[] {
  return checkConnection(c, env, NATS_SCHEMES, 'NATS');
}
