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

/**
 * The circuits of downstreams, so every process counts the failures of a downstream together and refuses it
 * once it is found failing: a closed circuit's row holds its consecutive failures (no row: none), an open
 * one's also when it opened and when the next probe may go.
 */
export const circuits = table('circuits', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  /** Null while the circuit is closed. */
  openedAt: integer('opened_at'),
  /** Null while the circuit is closed. */
  nextTryAt: integer('next_try_at'),
  lastError: text('last_error'),
});
