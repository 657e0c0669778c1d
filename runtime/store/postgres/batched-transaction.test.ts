import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { freshPostgres, postgresAvailable, type FreshPostgres } from '../../../test/support/postgres.ts';
import { Committer } from '../committer.ts';
import { expectRows, type Sql } from '../sql.ts';
import { openPostgres } from './connect.ts';
import { postgresTransactions } from './postgres-store.ts';

const available = (await postgresAvailable()) || !!process.env.CI;

const partition = <T>(xs: T[], p: (x: T) => boolean): [T[], T[]] => [xs.filter(p), xs.filter((x) => !p(x))];

/** A part over one table of keys: inserts sent without waiting, and a read. */
const partsOf = (sql: Sql) => ({
  insert: (k: string) => sql.defer('INSERT INTO t (k) VALUES (?)', [k]),
  /** Changes the row of `k`, and fails the write when there is none. */
  touch: (k: string) =>
    sql.defer('UPDATE t SET n = n + 1 WHERE k = ?', [k], (changes) => {
      if (changes !== 1) throw new Error(`no row ${k}`);
    }),
  /** Locks the row of `k`, and fails the write when there is none. */
  lock: (k: string) =>
    sql.defer('SELECT 1 AS one FROM t WHERE k = ? FOR SHARE', [k], (rows) => {
      if (rows !== 1) throw new Error(`no row ${k} to lock`);
    }),
  /** The same two, their row counts checked by the server. */
  touchOne: (k: string) =>
    sql.defer(
      'UPDATE t SET n = n + 1 WHERE k = ?',
      [k],
      expectRows(1, () => new Error(`no row ${k}`)),
    ),
  lockOne: (k: string) =>
    sql.defer(
      'SELECT 1 AS one FROM t WHERE k = ? FOR SHARE',
      [k],
      expectRows(1, () => new Error(`no row ${k} to lock`)),
    ),
  /** Locks the row of `k` held by `o` (lockRow), and fails the write when there is none. */
  lockHeld: (k: string, o: string) =>
    sql.lockRow?.('t', ['k', 'o'], [k, o], () => new Error(`no row ${k} held by ${o}`)),
  count: async () => Number((await sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM t'))?.n),
  value: (v: unknown) => sql.get<{ v: unknown }>('SELECT CAST(? AS text) AS v', [v]),
  setBytes: (k: string, b: Buffer) => sql.defer('UPDATE t SET b = ? WHERE k = ?', [b, k]),
});

describe.skipIf(!available)('PostgreSQL: the writes of a batch sent together in one transaction', () => {
  let database: FreshPostgres;
  let pool: pg.Pool;
  let committer: Committer<ReturnType<typeof partsOf>>;
  /** Messages the connections were sent. */
  const sent: string[] = [];
  const keys = async () => (await pool.query<{ k: string }>('SELECT k FROM t ORDER BY k')).rows.map((r) => r.k);

  beforeAll(async () => {
    database = await freshPostgres();
    pool = openPostgres(database.url, { max: 4 }).pool;
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...a: unknown[]) => unknown;
      client.query = ((...a: unknown[]) => {
        const q = a[0] as string | { text: string };
        sent.push(typeof q === 'string' ? q : q.text);
        return query(...a);
      }) as typeof client.query;
    });
    await pool.query("CREATE TABLE t (k text PRIMARY KEY, n integer NOT NULL DEFAULT 0, o text NOT NULL DEFAULT '')");
    committer = new Committer(postgresTransactions(pool, partsOf), { concurrency: 2 });
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });
  beforeEach(async () => {
    await pool.query('TRUNCATE t');
  });

  it('commits the writes of one turn in one transaction', async () => {
    const before = committer.stats.transactions;
    await Promise.all(['a', 'b', 'c'].map((k) => committer.write((tx) => tx.insert(k))));
    expect(await keys()).toEqual(['a', 'b', 'c']);
    expect(committer.stats.transactions - before).toBe(1);
  });

  it('sends the statements of a batch and COMMIT as one message', async () => {
    sent.length = 0;
    await Promise.all(
      ['a', 'b', 'c'].map((k) =>
        committer.write(async (tx) => {
          await tx.insert(k);
          await tx.insert(`${k}2`);
        }),
      ),
    );
    expect(sent).toHaveLength(1);
    // The insert's prepared statement, made on this connection unless an earlier test made it there.
    const [prepares, statements] = partition(sent[0].split(';\n'), (s) => s.startsWith('PREPARE '));
    expect(prepares.length).toBeLessThanOrEqual(1);
    expect(prepares.every((p) => /^PREPARE weft_\d+ AS INSERT INTO t \(k\) VALUES \(\$1\)$/.test(p))).toBe(true);
    expect(statements).toEqual([
      'BEGIN',
      ...['a', 'a2', 'b', 'b2', 'c', 'c2'].map((k) =>
        expect.stringMatching(new RegExp(`^EXECUTE weft_\\d+\\('${k}'\\)$`)),
      ),
      'COMMIT',
    ]);
    expect(await keys()).toEqual(['a', 'a2', 'b', 'b2', 'c', 'c2']);
  });

  it('sends COMMIT on its own after statements whose rows are checked', async () => {
    await pool.query(`INSERT INTO t (k) VALUES ('a')`);
    sent.length = 0;
    await committer.write(async (tx) => {
      await tx.touch('a');
      await tx.insert('b');
    });
    expect(sent).toHaveLength(2);
    expect(sent[1]).toBe('COMMIT');
    expect(await keys()).toEqual(['a', 'b']);
  });

  it('lets the server check a row count, so the batch still goes with its COMMIT as one message', async () => {
    await pool.query(`INSERT INTO t (k) VALUES ('a'), ('b')`);
    sent.length = 0;
    await Promise.all([
      committer.write(async (tx) => {
        await tx.lockOne('a');
        await tx.insert('c');
      }),
      committer.write(async (tx) => {
        await tx.touchOne('b');
        await tx.insert('d');
      }),
    ]);
    expect(sent).toHaveLength(1);
    expect(await keys()).toEqual(['a', 'b', 'c', 'd']);
    expect((await pool.query(`SELECT n FROM t WHERE k = 'b'`)).rows[0].n).toBe(1);
  });

  it("rejects a write whose row count the server refused with the check's error; the others of the batch are committed", async () => {
    await pool.query(`INSERT INTO t (k) VALUES ('a')`);
    const results = await Promise.allSettled([
      committer.write(async (tx) => {
        await tx.insert('x');
        await tx.lockOne('gone');
      }),
      committer.write(async (tx) => {
        await tx.lockOne('a');
        await tx.insert('b');
      }),
      committer.write(async (tx) => {
        await tx.touchOne('missing');
        await tx.insert('y');
      }),
      committer.write((tx) => tx.touchOne('a')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[0] as PromiseRejectedResult).reason.message).toBe('no row gone to lock');
    expect((results[2] as PromiseRejectedResult).reason.message).toBe('no row missing');
    expect(await keys()).toEqual(['a', 'b']);
    expect((await pool.query(`SELECT n FROM t WHERE k = 'a'`)).rows[0].n).toBe(1);
  });

  it("finds and locks the rows of a batch's writes with one statement, sent with the COMMIT", async () => {
    const odd = 'q"\\,{} \'';
    await pool.query(`INSERT INTO t (k, o) VALUES ('a', 'x'), ('b', 'y'), ($1, 'x')`, [odd]);
    sent.length = 0;
    await Promise.all(
      [
        ['a', 'x', 'c'],
        ['b', 'y', 'd'],
        [odd, 'x', 'e'],
        ['a', 'x', 'f'],
      ].map(([k, o, add]) =>
        committer.write(async (tx) => {
          tx.lockHeld(k, o);
          await tx.insert(add);
        }),
      ),
    );
    expect(sent).toHaveLength(1);
    const statements = sent[0].split(';\n').filter((s) => !s.startsWith('PREPARE '));
    expect(statements.filter((s) => s.includes('weft-check') || s.startsWith('EXECUTE weft_'))).toHaveLength(5);
    expect(statements.at(-1)).toBe('COMMIT');
    expect(await keys()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', odd].sort());

    // Another number of rows: the same prepared statement.
    await Promise.all([committer.write((tx) => tx.lockHeld('b', 'y')), committer.write((tx) => tx.lockHeld('a', 'x'))]);
    const lockNames = sent.map((m) => /EXECUTE (weft_\d+)\('\d+', '\d+', E?'\{/.exec(m)?.[1]).filter(Boolean);
    expect(lockNames).toHaveLength(2);
    expect(lockNames[1]).toBe(lockNames[0]);
  });

  it('fails only the write whose row to lock is gone or held by another; the others of the batch commit', async () => {
    await pool.query(`INSERT INTO t (k, o) VALUES ('a', 'x'), ('b', 'y')`);
    const results = await Promise.allSettled(
      [
        ['a', 'x', 'c'],
        ['b', 'x', 'd'],
        ['gone', 'x', 'e'],
        ['b', 'y', 'f'],
      ].map(([k, o, add]) =>
        committer.write(async (tx) => {
          tx.lockHeld(k, o);
          await tx.insert(add);
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('no row b held by x');
    expect((results[2] as PromiseRejectedResult).reason.message).toBe('no row gone held by x');
    expect(await keys()).toEqual(['a', 'b', 'c', 'f']);
  });

  it('sends a read with the statements held before it, and answers what they changed', async () => {
    sent.length = 0;
    expect(
      await committer.write(async (tx) => {
        await tx.insert('a');
        return tx.count();
      }),
    ).toBe(1);
    expect(sent).toHaveLength(2);
  });

  it('writes values in that read back as they were sent', async () => {
    const values = ["it's", 'back\\slash \\x41', "E'\\'", '€ 𝄞 \u2028', '', 42, -1.5, true, null];
    const back = await committer.write(async (tx) => {
      const read = [];
      for (const v of values) read.push(await tx.value(v));
      return read;
    });
    expect(back.map((r) => r?.v)).toEqual(values.map((v) => (v === null ? null : String(v))));
    const bytes = Buffer.from([0, 1, 0x27, 0x5c, 255]);
    await committer.write(async (tx) => {
      await tx.insert('bytes');
    });
    await pool.query('ALTER TABLE t ADD COLUMN IF NOT EXISTS b bytea');
    await committer.write((tx) => tx.setBytes('bytes', bytes));
    expect((await pool.query(`SELECT b FROM t WHERE k = 'bytes'`)).rows[0].b).toEqual(bytes);
  });

  it('goes on with a write without waiting for its statements, and resolves it only once they are committed', async () => {
    // Another session holds the row lock the write's statement needs: the statement waits for it.
    await pool.query(`INSERT INTO t (k) VALUES ('held')`);
    const holder = await pool.connect();
    await holder.query('BEGIN');
    await holder.query(`UPDATE t SET n = n + 1 WHERE k = 'held'`);
    const events: string[] = [];
    const written = committer
      .write(async (tx) => {
        await tx.touch('held');
        events.push('write went on');
      })
      .then(() => events.push('committed'));
    await expect.poll(() => events).toEqual(['write went on']);
    await holder.query('COMMIT');
    holder.release();
    await written;
    expect(events).toEqual(['write went on', 'committed']);
    expect((await pool.query(`SELECT n FROM t WHERE k = 'held'`)).rows[0].n).toBe(2);
  });

  it('rejects only the write whose statement failed; the others of the batch are committed', async () => {
    await pool.query(`INSERT INTO t (k) VALUES ('taken')`);
    const results = await Promise.allSettled([
      committer.write((tx) => tx.insert('a')),
      committer.write(async (tx) => {
        await tx.insert('x');
        await tx.insert('taken');
      }),
      committer.write((tx) => tx.insert('b')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason.message)).toMatch(/duplicate key/);
    // The failing write's first insert is undone with it.
    expect(await keys()).toEqual(['a', 'b', 'taken']);
  });

  it("rejects a write whose statement's check fails, undoing its other statements", async () => {
    const results = await Promise.allSettled([
      committer.write(async (tx) => {
        await tx.insert('y');
        await tx.touch('missing');
      }),
      committer.write((tx) => tx.insert('c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect((results[0] as PromiseRejectedResult).reason.message).toBe('no row missing');
    expect(await keys()).toEqual(['c']);
    const locked = await Promise.allSettled([
      committer.write(async (tx) => {
        await tx.lock('gone');
        await tx.insert('e');
      }),
      committer.write(async (tx) => {
        await tx.lock('c');
        await tx.insert('f');
      }),
    ]);
    expect(locked.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect((locked[0] as PromiseRejectedResult).reason.message).toBe('no row gone to lock');
    expect(await keys()).toEqual(['c', 'f']);
  });

  it('throws, at a read after it, the failure of a statement the write did not wait for', async () => {
    await pool.query(`INSERT INTO t (k) VALUES ('taken')`);
    const read = committer.write(async (tx) => {
      await tx.insert('taken');
      return tx.count();
    });
    await expect(read).rejects.toThrow(/duplicate key/);
    expect(await keys()).toEqual(['taken']);
  });

  it('undoes the statements of a write that throws after sending them', async () => {
    const results = await Promise.allSettled([
      committer.write(async (tx) => {
        await tx.insert('z');
        throw new Error('changed its mind');
      }),
      committer.write(async (tx) => {
        await tx.insert('d');
        return tx.count();
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(await keys()).toEqual(['d']);
  });

  it('gives the connections back outside any transaction', async () => {
    await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        committer.write(async (tx) => {
          await tx.insert(`k${String(i).padStart(2, '0')}`);
          if (i % 5 === 0) throw new Error('no');
        }),
      ),
    );
    const c = await pool.connect();
    try {
      expect((await c.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      expect(c.getTransactionStatus?.() ?? 'I').toBe('I');
    } finally {
      c.release();
    }
    const kept = Array.from({ length: 20 }, (_, i) => i).filter((i) => i % 5 !== 0);
    expect(await keys()).toEqual(kept.map((i) => `k${String(i).padStart(2, '0')}`));
  });

  it('prepares a statement once per connection, and after a failed message asks the connection which it has', async () => {
    const one = openPostgres(database.url, { max: 1 }).pool;
    const messages: string[] = [];
    one.on('connect', (client) => {
      const query = client.query.bind(client) as (...a: unknown[]) => unknown;
      client.query = ((...a: unknown[]) => {
        const q = a[0] as string | { text: string };
        messages.push(typeof q === 'string' ? q : q.text);
        return query(...a);
      }) as typeof client.query;
    });
    const single = new Committer(postgresTransactions(one, partsOf));
    const prepares = () => messages.flatMap((m) => m.split(';\n')).filter((x) => x.startsWith('PREPARE '));
    try {
      await pool.query(`INSERT INTO t (k) VALUES ('taken')`);
      await single.write((tx) => tx.insert('a'));
      await single.write((tx) => tx.insert('b'));
      expect(prepares()).toHaveLength(1);
      // The touch is prepared in the message whose insert fails: the connection is asked before the next transaction.
      messages.length = 0;
      const failed = single.write(async (tx) => {
        await tx.touch('a');
        await tx.insert('taken');
      });
      await expect(failed).rejects.toThrow(/duplicate key/);
      expect(messages.some((m) => m.includes('pg_prepared_statements'))).toBe(true);
      messages.length = 0;
      await single.write(async (tx) => {
        await tx.touch('b');
        await tx.insert('c');
      });
      expect(prepares()).toEqual([]);
      expect(await keys()).toEqual(['a', 'b', 'c', 'taken']);
      expect((await pool.query(`SELECT n FROM t WHERE k = 'b'`)).rows[0].n).toBe(1);
    } finally {
      await one.end();
    }
  });
});
