import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlDialects, type Opened } from '../../test/support/store-dialects.ts';
import type { Sql } from './sql.ts';

for (const d of sqlDialects)
  describe.skipIf(d.skip)(`a statement whose answer the write does not wait for, on ${d.name}`, () => {
    let opened: Opened<Sql>;
    beforeAll(async () => {
      opened = await d.open();
    });
    afterAll(() => opened.close());

    it("gives its check the rows it changed, or a SELECT's rows, and rejects when the check throws", async () => {
      const { sql } = opened;
      const seen: number[] = [];
      const count = (n: number) => void seen.push(n);
      await sql.defer('SELECT 1 AS one FROM workers WHERE id = ?', ['w1'], count);
      await sql.defer(
        'INSERT INTO workers (id, host, pid, started_at, expires_at) VALUES (?, ?, ?, ?, ?)',
        ['w1', 'h', 1, 0, 1],
        count,
      );
      await sql.defer('SELECT 1 AS one FROM workers WHERE id = ?', ['w1'], count);
      await sql.defer('UPDATE workers SET expires_at = ? WHERE id <> ?', [2, 'w1'], count);
      expect(seen).toEqual([0, 1, 1, 0]);
      await expect(
        sql.defer('SELECT 1 AS one FROM workers WHERE id = ?', ['w2'], (n) => {
          if (n !== 1) throw new Error('no worker w2');
        }),
      ).rejects.toThrow('no worker w2');
    });
  });
