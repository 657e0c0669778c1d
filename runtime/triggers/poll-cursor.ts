import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import type { PollTriggerConfig } from '../../nodes/trigger/poll.node.ts';

/**
 * Where a poll goes on from. updatedSince: the change time and id of the last record taken (records are
 * ordered by (time, id), so records sharing that time with a higher id are still to come); increasingId:
 * the last id taken.
 */
export interface PollCursor {
  since?: string | null;
  afterId?: string | number | null;
}

/** One record of a page, with what the cursor and the dedupe key need. */
export interface PolledRecord {
  record: unknown;
  id: string | number;
  version: string;
  /** updatedSince: the record's change time as the system wrote it. */
  timestamp?: string;
}

export function initialCursor(c: PollTriggerConfig): PollCursor {
  const { since, afterId } = c.cursor.initial;
  return c.cursor.kind === 'updatedSince'
    ? { since: since ?? new Date(0).toISOString(), afterId: afterId ?? null }
    : { afterId: afterId ?? null };
}

/** A cursor as an operator or the database gives it, checked against the trigger's cursor kind. */
export function parseCursor(c: PollTriggerConfig, value: unknown, where: string): PollCursor {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new WeftError(ErrorCodes.badRequest, `${where}: a cursor is an object, e.g. {"since": "…", "afterId": "…"}`);
  const v = value as Record<string, unknown>;
  const extra = Object.keys(v).filter((k) => k !== 'since' && k !== 'afterId');
  if (extra.length) throw new WeftError(ErrorCodes.badRequest, `${where}: unknown cursor field(s) ${extra.join(', ')}`);
  const afterId = v.afterId ?? null;
  if (afterId !== null && typeof afterId !== 'string' && typeof afterId !== 'number')
    throw new WeftError(ErrorCodes.badRequest, `${where}: afterId must be a string, a number or null`);
  if (c.cursor.kind === 'increasingId') {
    if (v.since !== undefined && v.since !== null)
      throw new WeftError(ErrorCodes.badRequest, `${where}: an increasingId cursor has no "since"`);
    return { afterId };
  }
  if (typeof v.since !== 'string' || Number.isNaN(Date.parse(v.since)))
    throw new WeftError(
      ErrorCodes.badRequest,
      `${where}: "since" must be an ISO date-time, e.g. "2026-01-01T00:00:00Z"`,
    );
  return { since: v.since, afterId };
}

/**
 * The cursor after a page: the last record's (time, id), or id. The system answers in its own order of
 * (time, id) or id — which may order ids its own way ("TE-9" before "TE-10") — so the page's last record
 * is where the next page starts.
 */
export function cursorAfter(kind: PollTriggerConfig['cursor']['kind'], page: PolledRecord[]): PollCursor {
  const last = page[page.length - 1]!;
  return kind === 'updatedSince' ? { since: last.timestamp!, afterId: last.id } : { afterId: last.id };
}

/** The run's dedupe key: one run per record id and version, whichever process or poll sees it. */
export const pollDedupeKey = (nodeId: string, r: Pick<PolledRecord, 'id' | 'version'>) =>
  `poll:${nodeId}:${r.id}:${r.version}`;
