import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Committer, type TransactionDriver } from './committer.ts';
import { sqliteTransactions } from './sqlite/sqlite-store.ts';
import { storeFailureOf, unavailableFailure } from './store-failure.ts';
import { isDatabaseUnavailable } from './unavailable.ts';

/**
 * A batch that meets an unusable database before its COMMIT was sent is run again on a new connection,
 * after each of the driver's reconnect delays in turn; one whose COMMIT was sent is not (it may have
 * committed). Either way a failure it ends with is the database's, never the writes'.
 */

const cut = () => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });

interface Connection {
  rows: string[];
  /** Breaks at this statement (`write`, COMMIT) of this connection, as a terminated backend would. */
  breaksAt: string | null;
}

/** A driver whose connections, one per begin(), break where the test says; committed rows land in `table`. */
function cuttingDriver(breaks: (string | null)[], delays: number[]) {
  const table: string[] = [];
  const opened: Connection[] = [];
  const driver: TransactionDriver<{ put(k: string): void }> = {
    begin() {
      const c: Connection = { rows: [], breaksAt: breaks[opened.length] ?? null };
      opened.push(c);
      let commitSent = false;
      return {
        parts: {
          put(k) {
            if (c.breaksAt === 'write') throw cut();
            c.rows.push(k);
          },
        },
        exec(statement) {
          if (statement !== 'COMMIT') return;
          commitSent = true;
          if (c.breaksAt === 'COMMIT') throw cut();
          table.push(...c.rows);
        },
        commitSent: () => commitSent,
        release() {},
      };
    },
    isUnavailable: isDatabaseUnavailable,
    failureOf: storeFailureOf,
    reconnectDelaysMs: delays,
  };
  return { driver, table, opened };
}

describe('Committer: a connection cut off under a batch', () => {
  it('runs the batch again on a new connection when it broke before COMMIT was sent, and answers every write', async () => {
    const { driver, table, opened } = cuttingDriver(['write', 'write'], [1, 1, 1]);
    const committer = new Committer(driver);
    await Promise.all(['a', 'b'].map((k) => committer.write((tx) => tx.put(k))));
    expect(table).toEqual(['a', 'b']);
    expect(opened).toHaveLength(3);
    expect(committer.storeFailure).toBeNull();
  });

  it('fails the writes as the database’s once the last delay has passed, and the next write commits', async () => {
    const { driver, table, opened } = cuttingDriver(['write', 'write', 'write'], [1, 1]);
    const committer = new Committer(driver);
    const refused = await committer.write((tx) => tx.put('a')).catch((err: unknown) => err);
    expect(opened, 'the first try and one per delay').toHaveLength(3);
    expect(unavailableFailure(refused)?.code).toBe('57P01');
    expect(committer.storeFailure?.code).toBe('57P01');
    await committer.write((tx) => tx.put('b'));
    expect(table).toEqual(['b']);
    expect(committer.storeFailure).toBeNull();
  });

  it('does not run a batch again once its COMMIT was sent: whether it committed is unknown', async () => {
    const { driver, table, opened } = cuttingDriver(['COMMIT'], [1, 1, 1]);
    const committer = new Committer(driver);
    const refused = await committer.write((tx) => tx.put('a')).catch((err: unknown) => err);
    expect(opened).toHaveLength(1);
    expect(table).toEqual([]);
    expect(unavailableFailure(refused)?.code).toBe('57P01');
  });

  it('runs the batch again when no connection could be opened at first', async () => {
    const { driver, table } = cuttingDriver([], [1, 1]);
    let refusals = 1;
    const begin = driver.begin.bind(driver);
    const committer = new Committer({
      ...driver,
      begin: () => {
        if (refusals-- > 0)
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        return begin();
      },
    });
    await committer.write((tx) => tx.put('a'));
    expect(table).toEqual(['a']);
  });
});

describe('Committer on SQLite: a database another connection keeps locked past the busy timeout', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = '';
  });

  it('fails the writes as the database’s (SQLITE_BUSY), not the writes’, and commits once the lock is gone', async () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-busy-'));
    const file = join(dir, 'weft.db');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY)');
    // The runtime waits five seconds; a short wait here shows the same refusal sooner.
    db.pragma('busy_timeout = 20');
    const insert = db.prepare('INSERT INTO t (k) VALUES (?)');
    const committer = new Committer(sqliteTransactions(db, { insert: async (k: string) => void insert.run(k) }));
    const other = new Database(file);
    try {
      other.exec('BEGIN IMMEDIATE');
      const refused = await committer.write((tx) => tx.insert('a')).catch((err: unknown) => err);
      expect((refused as { code?: string }).code).toBe('SQLITE_BUSY');
      expect(unavailableFailure(refused)?.code).toBe('SQLITE_BUSY');
      expect(committer.storeFailure?.code).toBe('SQLITE_BUSY');

      other.exec('COMMIT');
      await committer.write((tx) => tx.insert('a'));
      expect(db.prepare('SELECT k FROM t').pluck().all()).toEqual(['a']);
      expect(committer.storeFailure).toBeNull();
    } finally {
      other.close();
      db.close();
    }
  });
});
