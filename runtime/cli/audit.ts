import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { defaultConfig, databaseFile } from '../config.ts';
import { sqliteAuditLog } from '../store/sqlite/sqlite-audit.ts';

/** weft audit verify [--data ./data]: walks the audit log's hash chain; exit 0 when intact, 1 when not. */
export async function auditCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { data: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals[0] !== 'verify') {
    console.error('usage: weft audit verify [--data ./data]');
    return 2;
  }
  const file = databaseFile({ dataDir: values.data ?? defaultConfig().dataDir });
  if (!existsSync(file)) {
    console.error(`no database at ${file}`);
    return 2;
  }
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const result = await sqliteAuditLog(db).verify();
    if (result.ok) {
      console.log(`audit log intact: ${result.entries} entries, last hash ${result.lastHash}`);
      return 0;
    }
    console.error(`audit log broken at entry ${result.seq}: ${result.problem}`);
    return 1;
  } finally {
    db.close();
  }
}
