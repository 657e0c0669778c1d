import { isStoreUnavailable } from './db.ts';
import { isPostgresUnavailable } from './postgres/postgres-store.ts';

/**
 * Whether `err`, from either dialect, says the database refuses reads or writes at all (disk full, I/O
 * error, read-only, unreachable), not that one statement was wrong: the caller may send it again later.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  return isStoreUnavailable(err) || isPostgresUnavailable(err);
}
