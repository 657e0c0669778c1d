import { openDb } from '../../runtime/store/db.ts';
import { SqliteSql } from '../../runtime/store/sqlite/sqlite-sql.ts';
import type { Sql } from '../../runtime/store/sql.ts';

/**
 * The reads `read` sends to a new SQLite database (with the schema, no rows), each as SQLite's query plan
 * for it with the values it was sent with: the EXPLAIN QUERY PLAN lines, one string per read.
 */
export async function queryPlans(read: (sql: Sql) => Promise<unknown>): Promise<string[]> {
  const db = openDb({ file: ':memory:' });
  try {
    const sql = new SqliteSql(db.$client);
    const sent: [string, readonly unknown[]][] = [];
    const recording: Sql = {
      dialect: 'sqlite',
      all: async (text, params = []) => (sent.push([text, params]), sql.all(text, params)),
      get: async (text, params = []) => (sent.push([text, params]), sql.get(text, params)),
      run: (text, params) => sql.run(text, params),
      defer: (text, params, check) => sql.defer(text, params, check),
    };
    await read(recording);
    return sent.map(([text, params]) =>
      db.$client
        .prepare(`EXPLAIN QUERY PLAN ${text}`)
        .all(...params)
        .map((r) => (r as { detail: string }).detail)
        .join('\n'),
    );
  } finally {
    db.$client.close();
  }
}
