import { randomBytes } from 'node:crypto';

/** Random per process, so ids made by several processes never collide. */
const processPart = randomBytes(5).toString('hex');
let lastMs = 0;
let seq = 0;

/** Time-ordered unique ids: 12 hex digits of milliseconds, a per-millisecond sequence, then the process part. */
export function newId(prefix: string, now = Date.now()): string {
  if (now <= lastMs) seq++;
  else {
    lastMs = now;
    seq = 0;
  }
  return `${prefix}_${lastMs.toString(16).padStart(12, '0')}${seq.toString(16).padStart(6, '0')}${processPart}`;
}
