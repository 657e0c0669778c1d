import { describe, it, expect } from 'vitest';
import Database from 'better-sqlite3';
import { Committer } from './committer.ts';

describe('Committer', () => {
  function setup() {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY)');
    const insert = db.prepare('INSERT INTO t (k) VALUES (?)');
    return { db, insert, committer: new Committer(db) };
  }

  it('commits the writes of one turn in one transaction', async () => {
    const { db, insert, committer } = setup();
    await Promise.all(['a', 'b', 'c'].map((k) => committer.write(() => insert.run(k))));
    expect(db.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(3);
    expect(committer.stats).toEqual({ transactions: 1, writes: 3 });
  });

  it('rejects only the failing write; the others of the batch are committed', async () => {
    const { db, insert, committer } = setup();
    const results = await Promise.allSettled([
      committer.write(() => insert.run('a')),
      committer.write(() => insert.run('a')),
      committer.write(() => insert.run('b')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.prepare('SELECT k FROM t ORDER BY k').pluck().all()).toEqual(['a', 'b']);
  });
});
