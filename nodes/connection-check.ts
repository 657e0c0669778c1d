import type { CheckEnv, ConfigFinding } from './define-node.ts';

/**
 * The static check of the connection a node names: one is named, it exists (else a warning), and its base URL has one of
 * `schemes` (a broker, a file server, an HTTP API). `system` names what the node talks to ("NATS", "SFTP").
 */
export function checkConnection(
  c: Record<string, unknown>,
  env: CheckEnv | undefined,
  schemes: readonly string[],
  system: string,
): ConfigFinding[] {
  const kinds = schemes.map((s) => `${s}://`).join(' or ');
  if (typeof c.connection !== 'string' || c.connection.trim() === '')
    return [{ severity: 'error', field: 'connection', message: `name a connection whose base URL is ${kinds}` }];
  const scheme = env?.connectionScheme?.(c.connection);
  // A flow file may come before its installation's connection (an import, an example): a warning, not a refusal.
  if (scheme === null)
    return [
      {
        severity: 'warning',
        field: 'connection',
        message: `there is no connection "${c.connection}" yet; an admin adds it under Connections`,
      },
    ];
  if (scheme !== undefined && !schemes.includes(scheme))
    return [
      {
        severity: 'error',
        field: 'connection',
        message: `connection "${c.connection}" is ${scheme}://; ${system} needs a connection whose base URL is ${kinds}`,
      },
    ];
  return [];
}
