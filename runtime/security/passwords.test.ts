import { describe, it, expect } from 'vitest';
import { createWeft } from '../weft.ts';
import { silentLogger } from '../logger.ts';
import { dummyHash, hashPassword, verifyPassword } from './passwords.ts';
import { value } from '../../test/support/rows.ts';

const HASH = /^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/;

describe('password hashes', () => {
  it('are scrypt at N = 2^15, r = 8, p = 1 unless told otherwise, and verify at the cost they record', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(HASH);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    const cheap = await hashPassword('correct horse battery', { N: 1024, r: 8, p: 1 });
    expect(cheap).toMatch(/^scrypt\$1024\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword('correct horse battery', cheap)).toBe(true);
    expect(await verifyPassword('correct horse batterY', cheap)).toBe(false);
  });

  it('an unknown email is checked against a dummy hash of the same cost, which no password matches', async () => {
    expect(dummyHash()).toBe(`scrypt$32768$8$1$${'A'.repeat(22)}$${'A'.repeat(43)}`);
    expect(dummyHash({ N: 1024, r: 8, p: 1 })).toBe(`scrypt$1024$8$1$${'A'.repeat(22)}$${'A'.repeat(43)}`);
    expect(await verifyPassword('', dummyHash({ N: 1024, r: 8, p: 1 }))).toBe(false);
  });

  it('a runtime hashes new passwords at the product cost unless created with another', async () => {
    const weft = await createWeft({
      config: { dataDir: ':memory:', examplesDir: null, logLevel: 'silent' },
      logger: silentLogger,
      schedules: false,
    });
    try {
      const user = await weft.identity.createUser({
        email: 'ana@firm.test',
        role: 'analyst',
        password: 'a long secret',
      });
      const stored = await value(weft, 'SELECT password_hash FROM users WHERE id = ?', [user.id]);
      expect(stored).toMatch(HASH);
    } finally {
      await weft.close(0);
    }
  });
});
