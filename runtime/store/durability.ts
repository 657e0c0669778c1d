import type { StoreDurability } from './ports.ts';

/** SQLite's synchronous pragma values, by number. */
export const SYNC_LEVELS = ['off', 'normal', 'full', 'extra'] as const;

/** One sentence on what a commit survives under `d`. */
export function describeDurability(d: StoreDurability): string {
  if (d.dialect === 'postgres') {
    if (d.synchronous === 'off')
      return 'PostgreSQL, synchronous_commit=off (allowed by WEFT_SQLITE_SYNC=normal): the last commits may be lost if the database server crashes';
    return `PostgreSQL, synchronous_commit=${d.synchronous}: every commit is flushed to the database server's disk before it is answered`;
  }
  if (d.synchronous === 'full' || d.synchronous === 'extra')
    return `SQLite, synchronous=${d.synchronous}: every commit is flushed to disk before it is answered (survives a process crash, an OS crash and a power cut)`;
  if (d.synchronous === 'normal')
    return 'SQLite, synchronous=normal (WEFT_SQLITE_SYNC=normal): commits survive a process crash, but the last ones may be lost in an OS crash or a power cut';
  return 'SQLite, synchronous=off: commits may be lost in a crash';
}
