import type { EgressPolicy, OpenAdvice } from '../engine/egress.ts';

const SMTP_ADVICE: OpenAdvice = (target) =>
  `Email channels reach public addresses only; an admin can open this SMTP server in WEFT_EGRESS_ALLOW, e.g. "${target}"`;

/**
 * The address to connect to for an email channel's SMTP server: the host resolved once, every address it
 * has checked by the egress guard like a connector's (loopback and private addresses refused unless
 * WEFT_EGRESS_ALLOW opens them), and the first one returned, so that DNS cannot answer otherwise between
 * the check and the connection.
 */
export function smtpAddress(egress: Pick<EgressPolicy, 'lookup'>, host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    egress.lookup(false, port, SMTP_ADVICE)(host, {}, (err, address) => {
      if (err) reject(new Error(`SMTP server ${host}:${port} refused: ${err.message}`, { cause: err }));
      else resolve(address as string);
    });
  });
}
