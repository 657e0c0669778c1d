import { parseArgs } from 'node:util';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { databaseFile } from '../config.ts';
import { restoreDatabase, NotAWeftBackupError, type DatabaseSummary } from '../store/backup.ts';
import { KEY_FILE, keyIdOf, parseKey, writeKeyFile } from '../security/secret-box.ts';
import { describeSummary } from './backup.ts';

export const RESTORE_HELP = `usage: weft restore --from <file> --data <dir> [--key <key file>] [--json]

Restores a backup made by \`weft backup\` into a new, empty data folder — never over an existing one,
which may belong to a running installation. The file is checked first (a SQLite database with Weft's
tables that passes SQLite's integrity check); the restored copy's audit chain is verified and its
counts printed, to compare with what \`weft backup\` printed. Then start Weft on the folder:
  weft start --data <dir>
Runs that were unfinished in the backup go on from their last committed step.

  --from <file>     the backup file
  --data <dir>      the data folder to create; it must not exist or be empty
  --key <file>      a copy of the key file that encrypts connection secrets, put into the folder as
                    ${KEY_FILE} (or set WEFT_SECRET_KEY before starting)
  --json            print the summary as JSON`;

/** weft restore --from <file> --data <dir>: a backup into an empty data folder, checked. */
export async function restoreCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      from: { type: 'string' },
      data: { type: 'string' },
      key: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(RESTORE_HELP);
    return 0;
  }
  if (!values.from || !values.data) {
    console.error(RESTORE_HELP);
    return 2;
  }
  const from = resolve(values.from);
  const dataDir = resolve(values.data);
  const occupied = existsSync(dataDir) && (!statSync(dataDir).isDirectory() || readdirSync(dataDir).length > 0);
  if (occupied) {
    const what = statSync(dataDir).isDirectory()
      ? `it holds ${readdirSync(dataDir).slice(0, 5).join(', ')}`
      : 'it is a file';
    console.error(
      `restore refused: ${dataDir} is not empty (${what}). Restore only into a new or empty folder; ` +
        'it never writes over a data folder, which may be in use. Stop the runtime and move the old folder aside if you mean to replace it.',
    );
    return 2;
  }
  let key: Buffer | null = null;
  if (values.key) {
    try {
      key = parseKey(readFileSync(values.key, 'utf8'), values.key);
    } catch (err) {
      console.error(`restore refused: ${(err as Error).message}`);
      return 2;
    }
  }
  let summary: DatabaseSummary;
  const created = !existsSync(dataDir);
  try {
    mkdirSync(dataDir, { recursive: true });
    summary = await restoreDatabase(from, databaseFile({ dataDir }));
  } catch (err) {
    if (created) removeEmptyFolder(dataDir);
    const why = err instanceof NotAWeftBackupError ? err.message : `restore failed: ${(err as Error).message}`;
    console.error(`restore refused: ${why}`);
    return 2;
  }
  if (key) writeKeyFile(join(dataDir, KEY_FILE), key);
  const keyId = key ? keyIdOf(key) : null;
  const wrongKey = keyId !== null && summary.secretKeyIds.some((id) => id !== keyId);
  if (values.json) console.log(JSON.stringify({ data: dataDir, ...summary, keyId }, null, 2));
  else {
    console.log(`restored ${from} into ${databaseFile({ dataDir })}`);
    console.log(describeSummary(summary));
    console.log(keyNote(summary, dataDir, keyId));
    console.log(`start it with: weft start --data ${dataDir}`);
  }
  if (wrongKey)
    console.error(
      `warning: connection secrets are sealed with key ${summary.secretKeyIds.join(', ')}, but --key holds key ${keyId}; they cannot be opened with it`,
    );
  return summary.auditProblem ? 1 : 0;
}

function keyNote(s: DatabaseSummary, dataDir: string, keyId: string | null): string {
  if (keyId) return `key ${keyId} written to ${join(dataDir, KEY_FILE)}`;
  if (s.secretKeyIds.length === 0) return 'no connection secrets in the backup: no key needed';
  return (
    `connection secrets are sealed with key ${s.secretKeyIds.join(', ')}: before starting, copy that key file to ${join(dataDir, KEY_FILE)} ` +
    '(or set WEFT_SECRET_KEY); otherwise Weft creates a new key and those secrets cannot be opened'
  );
}

/** Removes the folder this command created, if it is still empty. */
function removeEmptyFolder(dir: string): void {
  try {
    if (readdirSync(dir).length === 0) rmdirSync(dir);
  } catch {
    /* left as it is */
  }
}
