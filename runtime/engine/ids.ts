import { randomBytes } from 'node:crypto';

let lastMs = 0;
let seq = 0;

/** Time-ordered unique ids: 12 hex digits of milliseconds, a sequence, then randomness. */
export function newId(prefix: string, now = Date.now()): string {
  if (now === lastMs) seq++;
  else {
    lastMs = now;
    seq = 0;
  }
  return `${prefix}_${now.toString(16).padStart(12, '0')}${(seq & 0xffff).toString(16).padStart(4, '0')}${randomBytes(6).toString('hex')}`;
}
