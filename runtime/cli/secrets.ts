import { parseArgs } from 'node:util';
import { existsSync, copyFileSync, chmodSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultConfig, databaseFile } from '../config.ts';
import { openDb } from '../store/db.ts';
import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { Connections } from '../security/connections.ts';
import { SecretBox, loadKey, newKey, parseKey, writeKeyFile, KEY_FILE } from '../security/secret-box.ts';
import { SecretMasker } from '../security/secret-mask.ts';
import { AuditLog } from '../security/audit.ts';

/**
 * weft secrets rotate [--data ./data] [--new-key <base64|hex>]: re-encrypts every connection secret
 * with a new key (generated unless given) in one transaction. With a key file, the new key replaces it
 * (the old one is kept as secret.key.previous); with WEFT_SECRET_KEY, the new key is printed to set.
 * Run it while the runtime is stopped.
 */
export async function secretsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { data: { type: 'string' }, 'new-key': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals[0] !== 'rotate') {
    console.error('usage: weft secrets rotate [--data ./data] [--new-key <base64 or hex, 32 bytes>]');
    return 2;
  }
  const config = defaultConfig();
  const dataDir = resolve(values.data ?? config.dataDir);
  const keyFile = join(dataDir, KEY_FILE);
  if (!existsSync(databaseFile({ dataDir }))) {
    console.error(`no database in ${dataDir}`);
    return 2;
  }
  if (!config.secretKey && !existsSync(keyFile)) {
    console.error(`no key to rotate: neither WEFT_SECRET_KEY nor ${keyFile} exists`);
    return 2;
  }
  const oldBox = new SecretBox(loadKey(dataDir, config.secretKey));
  const key = values['new-key'] ? parseKey(values['new-key'], '--new-key') : newKey();
  const next = new SecretBox(key);
  const store = new SqliteStore(openDb({ file: databaseFile({ dataDir }) }));
  try {
    const connections = new Connections(
      store,
      oldBox,
      new SecretMasker(),
      () => {
        throw new Error('no HTTP while rotating keys');
      },
      new AuditLog(store),
    );
    const count = await connections.reseal(next);
    if (config.secretKey) {
      console.log(
        `re-encrypted ${count} connection secret(s) with key ${next.keyId}. Set WEFT_SECRET_KEY to the new key before the next start:\n${key.toString('base64')}`,
      );
    } else {
      copyFileSync(keyFile, `${keyFile}.previous`);
      chmodSync(`${keyFile}.previous`, 0o600);
      writeKeyFile(keyFile, key);
      console.log(
        `re-encrypted ${count} connection secret(s); ${keyFile} now holds key ${next.keyId} (the old key is in ${KEY_FILE}.previous; delete it once the new one works)`,
      );
    }
    return 0;
  } finally {
    await store.close();
  }
}
