import { parseArgs } from 'node:util';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { defaultConfig, databaseFile } from '../config.ts';
import { snapshotDatabase, type DatabaseSummary } from '../store/backup.ts';
import { sqliteAuditLog } from '../store/sqlite/sqlite-audit.ts';
import { KEY_FILE, keyIdOf, parseKey } from '../security/secret-box.ts';

export const BACKUP_HELP = `usage: weft backup --to <file> [--data ./data] [--json]

Writes an online, consistent copy of the data folder's database to <file> (a new file) while the
runtime keeps running and answering webhooks. The copy is checked (SQLite integrity check, Weft's
tables, the audit chain) and flushed to disk before it takes its name. Prints what it copied —
flows, versions, runs and their steps, connections, audit entries — and the audit chain's last hash;
\`weft restore\` prints the same for the restored copy.

The key that encrypts connection secrets is not in the backup (a backup holding both would give the
secrets away): the command says where it is. Keep a copy of it apart from the backups.

  --to <file>   where to write the backup; must not exist yet
  --data <dir>  the data folder (default WEFT_DATA_DIR or ./data)
  --json        print the summary as JSON

On PostgreSQL (DATABASE_URL set), back up with PostgreSQL's own tools; the command prints how.`;

/** What to do instead on PostgreSQL: pg_dump is consistent while the cluster keeps running. */
export function postgresBackupAdvice(url: string): string {
  const shown = url.replace(/\/\/[^@/]*@/, '//…@');
  return `This installation runs on PostgreSQL (${shown}): back it up with PostgreSQL's own tools, which copy it
consistently while every process keeps running:

  pg_dump --format=custom --file=weft-$(date +%Y%m%d-%H%M).dump "$DATABASE_URL"

Restore into a new, empty database, then start Weft against it and check the audit chain:

  createdb weft_restored && pg_restore --no-owner --dbname=weft_restored weft-….dump
  DATABASE_URL=postgres://…/weft_restored npx weft audit verify

For point-in-time recovery, use the server's continuous archiving (WAL) or your provider's snapshots.
The key that encrypts connection secrets is not in the database: keep WEFT_SECRET_KEY (or the data
folder's ${KEY_FILE}) apart from the backups.`;
}

/** weft backup --to <file> [--data ./data]: an online copy of a running installation's database. */
export async function backupCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      to: { type: 'string' },
      data: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(BACKUP_HELP);
    return 0;
  }
  if (!values.to) {
    console.error(BACKUP_HELP);
    return 2;
  }
  const config = defaultConfig();
  if (config.databaseUrl && values.data === undefined) {
    console.log(postgresBackupAdvice(config.databaseUrl));
    return 2;
  }
  const dataDir = resolve(values.data ?? config.dataDir);
  const source = databaseFile({ dataDir });
  if (!existsSync(source)) {
    console.error(`no Weft database at ${source} (--data names the data folder)`);
    return 2;
  }
  const to = resolve(values.to);
  let summary: DatabaseSummary;
  try {
    summary = await snapshotDatabase(source, to);
  } catch (err) {
    console.error(`backup failed: ${(err as Error).message}`);
    return 2;
  }
  const key = keyLocation(dataDir, config.secretKey);
  await recordBackup(source, to, summary);
  if (values.json)
    console.log(JSON.stringify({ file: to, bytes: statSync(to).size, ...summary, secretKey: key }, null, 2));
  else {
    console.log(`backup of ${source} written to ${to} (${mb(statSync(to).size)})`);
    console.log(describeSummary(summary));
    console.log(keyAdvice(key, summary));
  }
  return summary.auditProblem ? 1 : 0;
}

/** The counts and the audit chain, as backup and restore print them. */
export function describeSummary(s: DatabaseSummary): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const lines = [
    `  flows ${n(s.flows)}, versions ${n(s.versions)}, runs ${n(s.runs)} (steps ${n(s.steps)}), connections ${n(s.connections)}, audit entries ${n(s.auditEntries)}`,
  ];
  lines.push(
    s.auditProblem
      ? `  audit chain BROKEN at ${s.auditProblem}`
      : `  audit chain verified; last hash ${s.auditLastHash}`,
  );
  return lines.join('\n');
}

interface KeyLocation {
  /** 'env': WEFT_SECRET_KEY; 'file': the data folder's key file; 'none': neither (no secret has been stored). */
  kind: 'env' | 'file' | 'none';
  where: string;
  keyId: string | null;
}

function keyLocation(dataDir: string, envKey: string | null): KeyLocation {
  if (envKey)
    return { kind: 'env', where: 'WEFT_SECRET_KEY', keyId: safeKeyId(() => parseKey(envKey, 'WEFT_SECRET_KEY')) };
  const file = join(dataDir, KEY_FILE);
  if (existsSync(file))
    return { kind: 'file', where: file, keyId: safeKeyId(() => parseKey(readFileSync(file, 'utf8'), file)) };
  return { kind: 'none', where: file, keyId: null };
}

function safeKeyId(read: () => Buffer): string | null {
  try {
    return keyIdOf(read());
  } catch {
    return null;
  }
}

function keyAdvice(key: KeyLocation, s: DatabaseSummary): string {
  const sealed = s.secretKeyIds.length
    ? ` Connection secrets in this backup are sealed with key ${s.secretKeyIds.join(', ')}.`
    : '';
  if (key.kind === 'none')
    return `Not in the backup: the key for connection secrets; there is none yet (no ${key.where}, no WEFT_SECRET_KEY).${sealed}`;
  return (
    `Not in the backup: the key that encrypts connection secrets (key ${key.keyId ?? 'unreadable'}), in ${key.where}.${sealed}\n` +
    `Keep a copy of that key apart from the backups: a restore needs it to open the secrets, and a backup stored with its key gives them away.`
  );
}

/** Notes the backup in the live installation's audit log (best effort: the backup itself is done). */
async function recordBackup(source: string, to: string, s: DatabaseSummary): Promise<void> {
  let db: Database.Database | null = null;
  try {
    db = new Database(source, { fileMustExist: true });
    db.pragma('busy_timeout = 10000');
    db.pragma('foreign_keys = ON');
    await sqliteAuditLog(db).record({
      actor: null,
      action: 'backup.created',
      target: to,
      detail: {
        flows: s.flows,
        versions: s.versions,
        runs: s.runs,
        steps: s.steps,
        auditEntries: s.auditEntries,
        auditLastHash: s.auditLastHash,
      },
    });
  } catch (err) {
    console.error(
      `note: the backup is complete, but it could not be noted in the audit log (${(err as Error).message})`,
    );
  } finally {
    db?.close();
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
