import { parseArgs } from 'node:util';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { databaseUrl } from '../config.ts';
import * as schema from '../store/schema.ts';
import type { Db } from '../store/db.ts';
import { migratePostgres, openPostgres } from '../store/postgres/connect.ts';
import { copySqliteToPostgres, targetProblem } from '../store/copy.ts';
import { PostgresSql } from '../store/postgres/postgres-sql.ts';
import { SqlAuditStore } from '../store/parts/audit.ts';
import { AuditLog } from '../security/audit.ts';

const USAGE = 'usage: weft db copy --from <data folder or weft.db file> --to <postgres://… URL>';

/** weft db copy: moves an installation from its SQLite file into an empty PostgreSQL database. */
export async function dbCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'copy') {
    console.error(USAGE);
    return 2;
  }
  const { values } = parseArgs({ args: rest, options: { from: { type: 'string' }, to: { type: 'string' } } });
  if (!values.from || !values.to) {
    console.error(USAGE);
    return 2;
  }
  const file = sqliteFile(values.from);
  if (!file) {
    console.error(`no Weft database at ${values.from} (a data folder holding weft.db, or the file itself)\n${USAGE}`);
    return 2;
  }
  const url = databaseUrl(values.to, '--to')!;
  const sqlite = new Database(file, { fileMustExist: true, readonly: true });
  const { pool, db } = openPostgres(url, { max: 2 });
  try {
    await migratePostgres(db);
    const problem = await targetProblem(db);
    if (problem) {
      console.error(problem);
      return 1;
    }
    // One read transaction on the source: a consistent copy even if a runtime still writes to it.
    sqlite.exec('BEGIN');
    const counts = await copySqliteToPostgres(drizzle(sqlite, { schema }) as Db, db, (table, rows) =>
      console.log(`  ${table}: ${rows}`),
    );
    sqlite.exec('COMMIT');
    const sql = new PostgresSql(pool);
    const audit = new AuditLog({
      audit: new SqlAuditStore(sql),
      write: () => Promise.reject(new Error('verifying only reads')),
    });
    const verified = await audit.verify();
    if (!verified.ok) {
      console.error(`copied, but the audit chain does not verify on the copy: ${verified.problem}`);
      return 1;
    }
    console.log(
      `copied ${file} to ${url.replace(/\/\/[^@/]*@/, '//…@')}: ${counts.flows} flows, ${counts.flowVersions} versions, ${counts.runs} runs, ` +
        `${counts.users} users, ${counts.apiTokens} tokens, ${counts.connections} connections, ${counts.auditLog} audit entries; ` +
        `audit chain verified (last hash ${verified.lastHash}).\n` +
        "Start the runtime with DATABASE_URL set to the copy and the same secret key (WEFT_SECRET_KEY or the data folder's secret.key): connection secrets are encrypted with it.",
    );
    return 0;
  } finally {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    sqlite.close();
    await pool.end();
  }
}

function sqliteFile(from: string): string | null {
  const p = resolve(from);
  if (!existsSync(p)) return null;
  const file = statSync(p).isDirectory() ? join(p, 'weft.db') : p;
  return existsSync(file) ? file : null;
}
