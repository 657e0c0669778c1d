import { randomUUID } from 'node:crypto';

/** Next id from a per-store counter: `nextId(store.seq, 'account', 'ACC-')` → "ACC-1005". */
export function nextId<K extends string>(seq: Record<K, number>, key: K, prefix: string): string {
  seq[key] += 1;
  return `${prefix}${seq[key]}`;
}

export const newEventId = (): string => `evt_${randomUUID()}`;
