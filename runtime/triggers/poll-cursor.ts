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

/** Ids compare as numbers when both are numbers (or numeric text), else as text. */
export function compareIds(a: string | number, b: string | number): number {
  const x = Number(a);
  const y = Number(b);
  if (a !== '' && b !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function compareTimes(a: string, b: string): number {
  const x = Date.parse(a);
  const y = Date.parse(b);
  if (!Number.isNaN(x) && !Number.isNaN(y) && x !== y) return x - y;
  return Number.isNaN(x) || Number.isNaN(y) ? (a < b ? -1 : a > b ? 1 : 0) : 0;
}

/** The cursor after a page: the greatest (time, id), or greatest id, of its records; the page is not empty. */
export function cursorAfter(kind: PollTriggerConfig['cursor']['kind'], page: PolledRecord[]): PollCursor {
  let last = page[0]!;
  for (const r of page) {
    const order =
      kind === 'updatedSince'
        ? compareTimes(r.timestamp!, last.timestamp!) || compareIds(r.id, last.id)
        : compareIds(r.id, last.id);
    if (order > 0) last = r;
  }
  return kind === 'updatedSince' ? { since: last.timestamp!, afterId: last.id } : { afterId: last.id };
}

/** The run's dedupe key: one run per record id and version, whichever process or poll sees it. */
export const pollDedupeKey = (nodeId: string, r: Pick<PolledRecord, 'id' | 'version'>) =>
  `poll:${nodeId}:${r.id}:${r.version}`;
