import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { defaultConfig, databaseFile, databaseUrl } from '../config.ts';
import { sqliteAuditLog } from '../store/sqlite/sqlite-audit.ts';
import { openPostgres } from '../store/postgres/connect.ts';
import { PostgresSql } from '../store/postgres/postgres-sql.ts';
import { SqlAuditStore } from '../store/parts/audit.ts';
import { AuditLog, type VerifyResult } from '../security/audit.ts';

const USAGE = 'usage: weft audit verify [--data ./data | --database postgres://…]';

/** weft audit verify: walks the audit log's hash chain (SQLite in the data folder, or PostgreSQL); exit 0 when intact, 1 when not. */
export async function auditCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { data: { type: 'string' }, database: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals[0] !== 'verify') {
    console.error(USAGE);
    return 2;
  }
  const url = values.database !== undefined ? databaseUrl(values.database, '--database') : defaultConfig().databaseUrl;
  const result = url && values.data === undefined ? await verifyPostgres(url) : await verifySqlite(values.data);
  if (typeof result === 'string') {
    console.error(result);
    return 2;
  }
  if (result.ok) {
    console.log(`audit log intact: ${result.entries} entries, last hash ${result.lastHash}`);
    return 0;
  }
  console.error(`audit log broken at entry ${result.seq}: ${result.problem}`);
  return 1;
}

async function verifySqlite(dataDir: string | undefined): Promise<VerifyResult | string> {
  const file = databaseFile({ dataDir: dataDir ?? defaultConfig().dataDir });
  if (!existsSync(file)) return `no database at ${file}`;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return await sqliteAuditLog(db).verify();
  } finally {
    db.close();
  }
}

async function verifyPostgres(url: string): Promise<VerifyResult> {
  const { pool } = openPostgres(url, { max: 1 });
  try {
    const audit = new SqlAuditStore(new PostgresSql(pool));
    return await new AuditLog({ audit, write: () => Promise.reject(new Error('verifying only reads')) }).verify();
  } finally {
    await pool.end();
  }
}
