import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testWeft } from '../support/weft.ts';
import { value } from '../support/rows.ts';
import { client } from '../support/api.ts';
import { newKey } from '../../runtime/security/secret-box.ts';
import { weftCli } from '../support/cli.ts';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('secret key rotation', () => {
  it('re-encrypts every connection secret with a new key file; the old key no longer opens them', async () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-rotate-'));
    let weft = await testWeft({ config: { dataDir: dir } });
    const created = await client(weft)('POST', '/api/connections', {
      id: 'erp',
      name: 'ERP',
      baseUrl: 'http://127.0.0.1:9',
      auth: { type: 'bearer', token: 'rotate-me-token-123' },
    });
    expect(created.status).toBe(201);
    const sealedBefore = (await value<string>(weft, 'SELECT secret FROM connections'))!;
    await weft.close(0);
    const keyBefore = readFileSync(join(dir, 'secret.key'), 'utf8');

    const r = weftCli(['secrets', 'rotate', '--data', dir]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/re-encrypted 1 connection secret/);
    expect(readFileSync(join(dir, 'secret.key'), 'utf8')).not.toBe(keyBefore);
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'secret.key.previous'), 'utf8')).toBe(keyBefore);

    weft = await testWeft({ config: { dataDir: dir } });
    try {
      const sealedAfter = (await value<string>(weft, 'SELECT secret FROM connections'))!;
      expect(sealedAfter.split(':')[1]).not.toBe(sealedBefore.split(':')[1]);
      expect((await weft.connections.resolve('erp')).headers.authorization).toBe('Bearer rotate-me-token-123');
      expect(await weft.audit.list({ action: 'secrets.rotated' })).toHaveLength(1);
    } finally {
      await weft.close(0);
    }

    // Started with some other key, the runtime says which key the secret needs instead of failing obscurely.
    weft = await testWeft({ config: { dataDir: dir, secretKey: newKey().toString('base64') } });
    try {
      await expect(weft.connections.resolve('erp')).rejects.toThrow(
        /encrypted with key [0-9a-f]{8}, but the key in use is/,
      );
    } finally {
      await weft.close(0);
    }
  });

  it('with WEFT_SECRET_KEY, prints the new key to set', async () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-rotate-'));
    const key = newKey().toString('base64');
    const weft = await testWeft({ config: { dataDir: dir, secretKey: key } });
    await client(weft)('POST', '/api/connections', {
      id: 'crm',
      name: 'CRM',
      baseUrl: 'http://127.0.0.1:9',
      auth: { type: 'basic', username: 'u', password: 'pw-rotate-1' },
    });
    await weft.close(0);
    const r = weftCli(['secrets', 'rotate', '--data', dir], { WEFT_SECRET_KEY: key });
    expect(r.code, r.out).toBe(0);
    const printed = r.out.trim().split('\n').at(-1)!;
    const again = await testWeft({ config: { dataDir: dir, secretKey: printed } });
    try {
      expect((await again.connections.resolve('crm')).headers.authorization).toBe(
        `Basic ${Buffer.from('u:pw-rotate-1').toString('base64')}`,
      );
    } finally {
      await again.close(0);
    }
  });
});
