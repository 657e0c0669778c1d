import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../db.ts';
import { SqliteSql } from '../sqlite/sqlite-sql.ts';
import type { Sql } from '../sql.ts';
import { SqlRollupStore } from './rollups.ts';

type Db = ReturnType<typeof openDb>;
let db: Db | null = null;
afterEach(() => {
  db?.$client.close();
  db = null;
});

/** The statements a dashboard read sends, with their values, each given SQLite's query plan. */
async function plans(read: (rollups: SqlRollupStore) => Promise<unknown>): Promise<string[]> {
  db = openDb({ file: ':memory:' });
  const sql = new SqliteSql(db.$client);
  const sent: [string, readonly unknown[]][] = [];
  const recording: Sql = {
    dialect: 'sqlite',
    all: async (text, params = []) => (sent.push([text, params]), sql.all(text, params)),
    get: async (text, params = []) => (sent.push([text, params]), sql.get(text, params)),
    run: (text, params) => sql.run(text, params),
    defer: (text, params, check) => sql.defer(text, params, check),
  };
  await read(new SqlRollupStore(recording));
  const client = db.$client;
  return sent.map(([text, params]) =>
    client
      .prepare(`EXPLAIN QUERY PLAN ${text}`)
      .all(...params)
      .map((r) => (r as { detail: string }).detail)
      .join('\n'),
  );
}

describe('the dashboard’s reads on SQLite', () => {
  it('read a time range of the roll-ups from one index, not a row per entry', async () => {
    for (const p of await plans((r) => r.buckets(0, 86_400_000)))
      expect(p).toMatch(/USING COVERING INDEX run_rollups_minute/);
    for (const p of await plans((r) => r.totals(0, 86_400_000)))
      expect(p).toMatch(/USING COVERING INDEX run_rollups_minute/);
  });

  it('count the failed-runs queue of every flow from its index alone', async () => {
    const [p] = await plans((r) => r.failedQueue());
    expect(p).toMatch(/USING COVERING INDEX runs_failed_group/);
  });
});
