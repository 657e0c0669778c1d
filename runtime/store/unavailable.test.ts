import { describe, expect, it } from 'vitest';
import { storeFailureOf, unavailableFailure } from './store-failure.ts';
import { isDatabaseUnavailable } from './unavailable.ts';

const failure = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});

describe('isDatabaseUnavailable', () => {
  it.each([
    [
      'a terminated backend (57P01 admin_shutdown)',
      failure('terminating connection due to administrator command', '57P01'),
    ],
    [
      'a server shutting down (57P02)',
      failure('terminating connection because of crash of another server process', '57P02'),
    ],
    ['a server starting (57P03)', failure('the database system is starting up', '57P03')],
    ['a connection exception (08006)', failure('connection failure', '08006')],
    ['a connection that was never made (08001)', failure('could not connect', '08001')],
    ['too many connections (53300)', failure('sorry, too many clients already', '53300')],
    ['a full disk (53100)', failure('could not extend file: No space left on device', '53100')],
    ['a read-only transaction (25006)', failure('cannot execute UPDATE in a read-only transaction', '25006')],
    ['a session ended idle in its transaction (25P03)', failure('idle-in-transaction timeout', '25P03')],
    ['a reset socket', failure('read ECONNRESET', 'ECONNRESET')],
    ['a refused socket', failure('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a connection node-postgres saw end', failure('Connection terminated unexpectedly')],
    [
      'a pooled client whose connection broke',
      failure('Client has encountered a connection error and is not queryable'),
    ],
    ['a closed client', failure('Client was closed and is not queryable')],
    ['a pool that could not connect in time', failure('timeout exceeded when trying to connect')],
    ['a database that refuses connections', failure('database "weft" is not currently accepting connections', '55000')],
    ['SQLite busy past its timeout', failure('database is locked', 'SQLITE_BUSY')],
    ['SQLite busy during recovery', failure('database is locked', 'SQLITE_BUSY_RECOVERY')],
    ['SQLite disk full', failure('database or disk is full', 'SQLITE_FULL')],
    ['SQLite I/O error', failure('disk I/O error', 'SQLITE_IOERR_FSYNC')],
    ['SQLite read-only', failure('attempt to write a readonly database', 'SQLITE_READONLY')],
  ])('%s is the database being unavailable', (_what, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
    expect(unavailableFailure(err)).toEqual(storeFailureOf(err));
  });

  it.each([
    ['a duplicate key (23505)', failure('duplicate key value violates unique constraint "runs_pkey"', '23505')],
    ['a check violation (23514)', failure('new row violates check constraint', '23514')],
    ['a deadlock (40P01), run again by the committer', failure('deadlock detected', '40P01')],
    ['a syntax error (42601)', failure('syntax error at or near "SELEC"', '42601')],
    ['a value too long (22001)', failure('value too long for type character varying(10)', '22001')],
    ['a SQLite constraint', failure('UNIQUE constraint failed: runs.id', 'SQLITE_CONSTRAINT_PRIMARYKEY')],
    ['a SQLite value too big', failure('string or blob too big', 'SQLITE_TOOBIG')],
    ['an error of the code itself', new TypeError('Cannot read properties of undefined')],
  ])('%s is not', (_what, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
    expect(unavailableFailure(err)).toBeNull();
  });

  it('says nothing of values that are not errors', () => {
    for (const v of [null, undefined, 'ECONNRESET', 57]) {
      expect(isDatabaseUnavailable(v)).toBe(false);
      expect(unavailableFailure(v)).toBeNull();
    }
  });
});
