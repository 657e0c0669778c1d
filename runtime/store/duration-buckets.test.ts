import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlDialects, type Opened } from '../../test/support/store-dialects.ts';
import type { Sql } from './sql.ts';
import { BOUNDS, bucketOf, bucketSql, bucketSqlPostgres } from './duration-buckets.ts';

/** Durations at and around every bound, below the first and past the last. */
const durations = [-5, 0, ...BOUNDS.flatMap((b) => [b - 1, b, b + 1]), BOUNDS[BOUNDS.length - 1] * 3];

for (const d of sqlDialects)
  describe.skipIf(d.skip)(`duration buckets in SQL on ${d.name}`, () => {
    let opened: Opened<Sql>;
    beforeAll(async () => {
      opened = await d.open();
    });
    afterAll(() => opened?.close());

    it('puts every duration in the bucket bucketOf gives it', async () => {
      const values = durations.map((_, i) => `(${i}, CAST(? AS BIGINT))`).join(', ');
      const rows = await opened.sql.all<{ i: unknown; bucket: unknown }>(
        `WITH t (i, d) AS (VALUES ${values}) SELECT i, ${bucketSql('d')} AS bucket FROM t ORDER BY i`,
        durations,
      );
      expect(rows.map((r) => Number(r.bucket))).toEqual(durations.map(bucketOf));
    });

    it.skipIf(d.name !== 'PostgreSQL')(
      'gives the same buckets with width_bucket, NULL in the last as the CASEs put it',
      async () => {
        const values = [...durations, null].map((_, i) => `(${i}, CAST(? AS BIGINT))`).join(', ');
        const rows = await opened.sql.all<{ i: unknown; cases: unknown; array: unknown }>(
          `WITH t (i, d) AS (VALUES ${values}) SELECT i, ${bucketSql('d')} AS cases, ${bucketSqlPostgres('d')} AS array FROM t ORDER BY i`,
          [...durations, null],
        );
        expect(rows.map((r) => Number(r.array))).toEqual([...durations.map(bucketOf), BOUNDS.length]);
        expect(rows.map((r) => Number(r.array))).toEqual(rows.map((r) => Number(r.cases)));
      },
    );
  });
