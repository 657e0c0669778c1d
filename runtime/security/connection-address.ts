import type { ConnectionCredentials } from '../../nodes/define-node.ts';
import type { EgressPolicy, OpenAdvice } from '../engine/egress.ts';

const ADVICE: OpenAdvice = (target) =>
  `an admin can allow the connection to reach private addresses (allowPrivate), or open this address in WEFT_EGRESS_ALLOW, e.g. "${target}"`;

/**
 * Completes a connection's credentials with its checked address: the host resolved once, every address
 * it has checked by the egress guard like an HTTP connector's, and the first one returned.
 */
export function withAddress(
  c: Omit<ConnectionCredentials, 'address'>,
  egress: Pick<EgressPolicy, 'lookup'>,
): ConnectionCredentials {
  return {
    ...c,
    address: () =>
      new Promise((resolve, reject) => {
        const host = c.url.hostname.replace(/^\[|\]$/g, '');
        egress.lookup(c.allowPrivate, c.port, ADVICE)(host, {}, (err, address) => {
          if (err)
            reject(new Error(`connection "${c.id}" (${host}:${c.port}) refused: ${err.message}`, { cause: err }));
          else resolve(address as string);
        });
      }),
  };
}
