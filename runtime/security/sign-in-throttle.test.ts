import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { openDb } from '../store/db.ts';
import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { SignInThrottle } from './sign-in-throttle.ts';

let store: SqliteStore;
let now = 1_700_000_000_000;
let throttle: SignInThrottle;

beforeEach(() => {
  store = new SqliteStore(openDb({ file: ':memory:' }));
  throttle = new SignInThrottle(store, { maxFailures: 3, windowMs: 600_000 }, () => now);
});
afterEach(() => store.close());

const rows = () =>
  store.sqlite.prepare('SELECT key, failures, blocked_until AS blockedUntil FROM sign_in_throttle ORDER BY key').all();

describe('SignInThrottle over the store', () => {
  it('counts attempts made at once one after another, and blocks the one past the limit', async () => {
    const attempts = await Promise.allSettled([1, 2, 3, 4].map(() => throttle.attempt('ana@firm.test', '203.0.113.7')));
    expect(attempts.map((a) => a.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
    expect(attempts[3]).toMatchObject({ reason: { code: 'too_many_attempts', retryAfterMs: 60_000 } });
    expect(rows()).toEqual([
      { key: 'account:ana@firm.test', failures: 3, blockedUntil: now + 60_000 },
      { key: 'address:203.0.113.7', failures: 3, blockedUntil: now + 60_000 },
    ]);
    // Another account from another address is not held back.
    await throttle.attempt('bo@firm.test', '198.51.100.9');
  });

  it('a success starts the account over and takes its one failure back from the address', async () => {
    await throttle.attempt('ana@firm.test', '203.0.113.7');
    const ok = await throttle.attempt('ANA@firm.test ', '203.0.113.7');
    await ok.succeeded();
    expect(rows()).toEqual([{ key: 'address:203.0.113.7', failures: 1, blockedUntil: null }]);
  });

  it('doubles the block with each failure past the limit, and forgets quiet keys', async () => {
    for (let i = 0; i < 3; i++) await throttle.attempt('ana@firm.test', `203.0.113.${i}`);
    now += 60_000;
    await throttle.attempt('ana@firm.test', '203.0.113.50');
    await expect(throttle.attempt('ana@firm.test', '203.0.113.51')).rejects.toMatchObject({ retryAfterMs: 120_000 });
    now += 3600_000;
    await throttle.attempt('bo@firm.test', '198.51.100.9');
    expect(rows()).toEqual([
      { key: 'account:bo@firm.test', failures: 1, blockedUntil: null },
      { key: 'address:198.51.100.9', failures: 1, blockedUntil: null },
    ]);
  });
});
