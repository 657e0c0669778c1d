import { describe, it, expect } from 'vitest';
import Database from 'better-sqlite3';
import { Committer } from './committer.ts';
import { sqliteTransactions } from './sqlite/sqlite-store.ts';
import { unavailableFailure } from './store-failure.ts';

describe('Committer', () => {
  function setup() {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY)');
    const insert = db.prepare('INSERT INTO t (k) VALUES (?)');
    const parts = { insert: async (k: string) => void insert.run(k) };
    return { db, committer: new Committer(sqliteTransactions(db, parts)) };
  }
  const keys = (db: Database.Database) => db.prepare('SELECT k FROM t ORDER BY k').pluck().all();

  it('commits the writes of one turn in one transaction', async () => {
    const { db, committer } = setup();
    await Promise.all(['a', 'b', 'c'].map((k) => committer.write((tx) => tx.insert(k))));
    expect(keys(db)).toEqual(['a', 'b', 'c']);
    expect(committer.stats).toEqual({ transactions: 1, writes: 3 });
  });

  it('rejects only the failing write; the others of the batch are committed', async () => {
    const { db, committer } = setup();
    const results = await Promise.allSettled([
      committer.write((tx) => tx.insert('a')),
      committer.write(async (tx) => {
        await tx.insert('x');
        await tx.insert('a');
      }),
      committer.write((tx) => tx.insert('b')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // The failing write's first insert is rolled back with it.
    expect(keys(db)).toEqual(['a', 'b']);
  });

  it('commits writes queued while a batch is open in the next batch', async () => {
    const { db, committer } = setup();
    let later: Promise<void> | undefined;
    await committer.write(async (tx) => {
      await tx.insert('a');
      later ??= committer.write((t) => t.insert('b'));
    });
    await later;
    expect(keys(db)).toEqual(['a', 'b']);
    expect(committer.stats).toEqual({ transactions: 2, writes: 2 });
  });

  it('runs a batch that deadlocked with another transaction again, whole', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY)');
    const insert = db.prepare('INSERT INTO t (k) VALUES (?)');
    const driver = {
      ...sqliteTransactions(db, { insert: async (k: string) => void insert.run(k) }),
      isConflict: (err: unknown) => (err as { code?: string }).code === '40P01',
    };
    const committer = new Committer(driver);
    let tries = 0;
    const deadlocking = committer.write(async (tx) => {
      await tx.insert('a');
      if (++tries < 3) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      return tries;
    });
    const other = committer.write((tx) => tx.insert('b'));
    expect(await deadlocking).toBe(3);
    await other;
    expect(keys(db)).toEqual(['a', 'b']);
  });

  it('keeps up to `concurrency` transactions open at once', async () => {
    let open = 0;
    let most = 0;
    const release: (() => void)[] = [];
    const driver = {
      begin: () => {
        most = Math.max(most, ++open);
        return { parts: {}, exec: async () => {}, release: () => void open-- };
      },
      isUnavailable: () => false,
      failureOf: () => ({ code: 'x', message: 'x' }),
    };
    const committer = new Committer(driver, { concurrency: 2 });
    const held = () => new Promise<void>((r) => release.push(r));
    const writes = [committer.write(held)];
    await new Promise((r) => setImmediate(r));
    writes.push(committer.write(held));
    await new Promise((r) => setImmediate(r));
    writes.push(committer.write(held));
    await new Promise((r) => setImmediate(r));
    expect(most).toBe(2);
    while (release.length) release.shift()!();
    // The third write's batch opens once one of the first two has ended.
    for (let turns = 0; turns < 100 && release.length === 0; turns++) await new Promise((r) => setImmediate(r));
    expect(release).toHaveLength(1);
    release.shift()!();
    await Promise.all(writes);
    expect(most).toBe(2);
  });
  it('says of every write of a batch the database could not take at all that the database was unavailable, not the write', async () => {
    const { db, committer } = setup();
    db.pragma('query_only = ON');
    const refused = await Promise.allSettled(['a', 'b'].map((k) => committer.write((tx) => tx.insert(k))));
    const errors = refused.map((r) => (r.status === 'rejected' ? r.reason : null));
    expect(errors.map((e) => unavailableFailure(e)?.code)).toEqual(['SQLITE_READONLY', 'SQLITE_READONLY']);
    expect(committer.storeFailure?.code).toBe('SQLITE_READONLY');

    db.pragma('query_only = OFF');
    await committer.write((tx) => tx.insert('a'));
    // A write the database refuses for itself (here a duplicate key) is that write's fault.
    const duplicate = await committer.write((tx) => tx.insert('a')).catch((err: unknown) => err);
    expect((duplicate as { code?: string }).code).toMatch(/^SQLITE_CONSTRAINT/);
    expect(unavailableFailure(duplicate)).toBeNull();
    expect(committer.storeFailure).toBeNull();
  });
});
