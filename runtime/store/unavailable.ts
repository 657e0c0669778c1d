/**
 * The one rule for "the database cannot be used now", for both dialects: the store's committers, the
 * engine, the webhook edge and the readiness probe all ask this function. Such a failure says nothing
 * about the write or read that met it: the same work may be sent again once the database answers.
 */

/**
 * SQLite result codes (and their extended forms): disk full, I/O error, read-only, a file that cannot
 * be opened or read as a database, and BUSY — another process held the database's lock past the busy
 * timeout (a backup, a second runtime opened on the same file).
 */
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|FULL|IOERR|READONLY|CANTOPEN|CORRUPT|NOTADB)(_|$)/;

/**
 * PostgreSQL SQLSTATEs: 08 connection exceptions, 53 insufficient resources (disk full, out of memory,
 * too many connections), 57P operator intervention (57P01 admin_shutdown: the backend was terminated,
 * 57P02 crash_shutdown, 57P03 cannot_connect_now), 25006 read-only transaction, 25P03 the server ended
 * a session left idle inside a transaction.
 */
const POSTGRES_UNAVAILABLE = /^(08|53|57P)|^25006$|^25P03$/;

/** Node's socket errors: the server cannot be reached, or the connection to it broke. */
const SOCKET_UNAVAILABLE = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH|ENETUNREACH)$/;

/**
 * What node-postgres and pg-pool say, without a code, of a connection that broke or could not be made
 * ("Connection terminated unexpectedly", "Client has encountered a connection error and is not
 * queryable", "timeout exceeded when trying to connect"), and PostgreSQL's 55000 for a database that
 * refuses connections (ALLOW_CONNECTIONS false, as while it is restored).
 */
const MESSAGE_UNAVAILABLE =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable|not currently accepting connections/i;

/**
 * Whether `err`, from either dialect, says the database refuses reads or writes at all (unreachable,
 * connections cut, busy past its timeout, read-only, disk full), not that one statement was wrong.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (SQLITE_UNAVAILABLE.test(code) || POSTGRES_UNAVAILABLE.test(code) || SOCKET_UNAVAILABLE.test(code)) return true;
  return MESSAGE_UNAVAILABLE.test(String(e?.message ?? ''));
}
