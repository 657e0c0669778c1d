import type { TimeEntry } from './types.ts';

/** Ids of one sequence ("TE-9" before "TE-10"): shorter first, then by text. */
export const compareIds = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

const compareChanges = (a: TimeEntry, b: TimeEntry) =>
  a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : compareIds(a.id, b.id);

export interface ChangesPage {
  timeEntries: TimeEntry[];
  /** Where the next page starts: the last entry's (updatedAt, id), or the cursor asked with when none came. */
  nextCursor: { since: string; afterId: string | null };
  hasMore: boolean;
}

/**
 * Time entries ordered by (updatedAt, id) that come after the cursor: updatedAt at or after `since`
 * when there is no afterId, else (updatedAt, id) strictly after (since, afterId).
 */
export function changesSince(
  entries: Iterable<TimeEntry>,
  q: { since?: string; afterId?: string; limit?: number },
): ChangesPage {
  const since = q.since === undefined ? new Date(0).toISOString() : new Date(q.since).toISOString();
  const afterId = q.afterId ?? null;
  const limit = q.limit ?? 100;
  const after = (t: TimeEntry) =>
    t.updatedAt > since || (t.updatedAt === since && (afterId === null || compareIds(t.id, afterId) > 0));
  const all = [...entries].filter(after).sort(compareChanges);
  const page = all.slice(0, limit);
  const last = page.at(-1);
  return {
    timeEntries: structuredClone(page),
    nextCursor: last ? { since: last.updatedAt, afterId: last.id } : { since, afterId },
    hasMore: all.length > limit,
  };
}
