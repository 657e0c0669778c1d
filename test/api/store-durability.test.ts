import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testWeft, TEST_STORE } from '../support/weft.ts';
import { client } from '../support/api.ts';
import { defaultConfig } from '../../runtime/config.ts';
import { describeDurability, storeDurability } from '../../runtime/store/db.ts';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('store durability', () => {
  it('flushes every commit to disk unless WEFT_SQLITE_SYNC=normal says otherwise', () => {
    expect(defaultConfig({}).sqliteSync).toBe('full');
    expect(defaultConfig({ WEFT_SQLITE_SYNC: 'normal' }).sqliteSync).toBe('normal');
    expect(defaultConfig({ WEFT_SQLITE_SYNC: 'FULL' }).sqliteSync).toBe('full');
    expect(() => defaultConfig({ WEFT_SQLITE_SYNC: 'off' })).toThrow(
      'WEFT_SQLITE_SYNC must be full or normal, got "off"',
    );
  });

  it.skipIf(TEST_STORE === 'postgres')(
    'GET /healthz says which guarantee holds, as the database connection reports it',
    async () => {
      dir = mkdtempSync(join(tmpdir(), 'weft-sync-'));
      for (const [setting, expected] of [
        [undefined, 'full'],
        ['normal', 'normal'],
      ] as const) {
        const weft = await testWeft({
          config: { dataDir: join(dir, expected), ...(setting ? { sqliteSync: setting } : {}) },
        });
        try {
          const res = await client(weft)('GET', '/healthz', undefined, { authorization: '' });
          expect(res.status).toBe(200);
          expect(res.body).toEqual({ status: 'ok', store: { dialect: 'sqlite', synchronous: expected } });
          expect(weft.db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
          expect(describeDurability(storeDurability(weft.db.$client))).toMatch(
            expected === 'full' ? /survives .*a power cut/ : /may be lost in an OS crash or a power cut/,
          );
        } finally {
          await weft.close(0);
        }
      }
    },
  );

  it.runIf(TEST_STORE === 'postgres')(
    'GET /healthz says PostgreSQL flushes every commit, as the server reports it',
    async () => {
      const weft = await testWeft();
      try {
        const res = await client(weft)('GET', '/healthz', undefined, { authorization: '' });
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ status: 'ok', store: { dialect: 'postgres', synchronous: 'on' } });
        expect(describeDurability(await weft.store.durability())).toMatch(/flushed to the database server's disk/);
      } finally {
        await weft.close(0);
      }
    },
  );
});
