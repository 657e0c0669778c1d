import { integer, json, table, text } from './dialect.ts';

/**
 * The request turns taken on a rate-limited downstream (a connection or a configured host), shared by
 * every process of an installation: the start times of the last `limit` requests, some perhaps still
 * ahead (a turn is reserved, then waited for), and the pause a 429's Retry-After asked for.
 */
export const rateTurns = table('rate_turns', {
  key: text('key').primaryKey(),
  /** Start times (ms since epoch), oldest first, at most the limit's count. */
  starts: json('starts').notNull(),
  pausedUntil: integer('paused_until'),
});

/** Open circuits, so every process refuses a downstream that one of them found failing. */
export const circuits = table('circuits', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  openedAt: integer('opened_at').notNull(),
  nextTryAt: integer('next_try_at').notNull(),
  lastError: text('last_error'),
});
