import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, chmodSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const KEY_FILE = 'secret.key';

/** A 32-byte key from base64 or hex text; anything else is an error that says what is expected. */
export function parseKey(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32)
    throw new Error(`${where} must be a 32-byte key in base64 or hex (e.g. from: openssl rand -base64 32)`);
  return key;
}

export function newKey(): Buffer {
  return randomBytes(32);
}

/** Writes a key file readable by its owner only (mode 0600), replacing any earlier one atomically. */
export function writeKeyFile(file: string, key: Buffer): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, key.toString('base64') + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/** Where loadKey reports what it did. */
export interface KeyLog {
  warn(msg: string, data?: Record<string, unknown>): void;
}

/**
 * The key secrets are encrypted with: WEFT_SECRET_KEY when set; else `secret.key` in the data folder,
 * created (mode 0600) on first start, with a warning to back it up apart from the database; a
 * throwaway key for an in-memory store.
 *
 * The key file is a convenience of the embedded SQLite store, whose data folder is on this host. A
 * server database (PostgreSQL: not implemented yet) must take its key from WEFT_SECRET_KEY only and
 * refuse to start without it: a key file beside one process would not follow the data.
 */
export function loadKey(dataDir: string, envKey: string | null | undefined, log?: KeyLog): Buffer {
  if (envKey) return parseKey(envKey, 'WEFT_SECRET_KEY');
  if (dataDir === ':memory:') return newKey();
  mkdirSync(resolve(dataDir), { recursive: true });
  const file = join(resolve(dataDir), KEY_FILE);
  if (!existsSync(file)) {
    writeKeyFile(file, newKey());
    log?.warn(
      `WEFT_SECRET_KEY is not set: created ${file} to encrypt connection secrets. Back this file up separately from the database ` +
        '(a backup holding both gives the secrets away; losing the key loses them), or set WEFT_SECRET_KEY instead',
      { file },
    );
  }
  return parseKey(readFileSync(file, 'utf8'), file);
}

export const keyIdOf = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 8);

/** AES-256-GCM: "v1:<key id>:<iv>:<tag>:<ciphertext>", each part base64url; the key id tells which key sealed it. */
export class SecretBox {
  readonly keyId: string;

  constructor(private readonly key: Buffer) {
    this.keyId = keyIdOf(key);
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return [
      'v1',
      this.keyId,
      iv.toString('base64url'),
      c.getAuthTag().toString('base64url'),
      body.toString('base64url'),
    ].join(':');
  }

  open(sealed: string): string {
    const [v, kid, iv, tag, body] = sealed.split(':');
    if (v !== 'v1' || !iv || !tag || body === undefined) throw new Error('the stored secret is not in a known format');
    if (kid !== this.keyId)
      throw new Error(
        `the secret was encrypted with key ${kid}, but the key in use is ${this.keyId}; start with the key it was sealed with, or rotate with "weft secrets rotate"`,
      );
    const d = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8');
  }
}
