import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlDialects, type Opened } from '../../../test/support/store-dialects.ts';
import type { Sql } from '../sql.ts';
import { SqlDownstreamStore } from './downstreams.ts';

const AT = Date.UTC(2026, 4, 1, 12);
const failure = (key: string, now = AT) => ({
  key,
  message: `${key} answered 503`,
  threshold: 3,
  now,
  cooldownMs: 30_000,
});

describe.each(sqlDialects)('$name: circuits counted and pauses kept in the store', (d) => {
  let db: Opened<Sql>;
  let store: SqlDownstreamStore;

  beforeAll(async () => {
    if (d.skip) return;
    db = await d.open();
    store = new SqlDownstreamStore(db.sql);
  });
  afterAll(async () => {
    await db?.close();
  });

  it.skipIf(d.skip)(
    'counts failures on a closed circuit and opens it with the one that reaches the threshold',
    async () => {
      expect(await store.countFailure(failure('erp'))).toEqual({
        key: 'erp',
        failures: 1,
        openedAt: null,
        nextTryAt: null,
        lastError: 'erp answered 503',
      });
      expect((await store.countFailure(failure('erp'))).failures).toBe(2);
      expect(await store.countFailure(failure('erp', AT + 5))).toMatchObject({
        failures: 3,
        openedAt: AT + 5,
        nextTryAt: AT + 5 + 30_000,
      });
      // Counted while open, the circuit keeps its times.
      expect(await store.countFailure(failure('erp', AT + 9))).toMatchObject({ failures: 4, openedAt: AT + 5 });
      expect(await store.circuits('erp')).toEqual([expect.objectContaining({ failures: 4, nextTryAt: AT + 30_005 })]);
    },
  );

  it.skipIf(d.skip)('opens a circuit whose threshold is one with its first failure', async () => {
    const first = await store.countFailure({ ...failure('crm'), threshold: 1 });
    expect(first).toMatchObject({ failures: 1, openedAt: AT, nextTryAt: AT + 30_000 });
  });

  it.skipIf(d.skip)('counts each of failures counted at once, and opens the circuit once', async () => {
    const rows = await Promise.all(Array.from({ length: 8 }, (_, i) => store.countFailure(failure('ledger', AT + i))));
    expect(rows.map((r) => r.failures).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const opener = rows.find((r) => r.failures === 3)!;
    expect(opener.openedAt).not.toBeNull();
    expect(rows.filter((r) => r.openedAt !== null && r.failures > 3).map((r) => r.openedAt)).toEqual(
      Array(5).fill(opener.openedAt),
    );
  });

  it.skipIf(d.skip)('forgets the failures of a closed circuit on a success, and keeps an open one', async () => {
    await store.countFailure(failure('hr'));
    await store.resetFailures('hr');
    await store.resetFailures('erp');
    await store.resetFailures('never-failed');
    expect(await store.circuits('hr')).toEqual([]);
    expect(await store.circuits('erp')).toEqual([expect.objectContaining({ failures: 4 })]);
    expect((await store.countFailure(failure('hr'))).failures).toBe(1);
  });

  it.skipIf(d.skip)('lists the pauses that last beyond now', async () => {
    await store.pauseTurns('slow', AT + 60_000);
    await store.pauseTurns('over', AT - 1);
    await store.pauseTurns('slow', AT + 10_000);
    expect(await store.pauses(AT)).toEqual([{ key: 'slow', pausedUntil: AT + 60_000 }]);
    expect(await store.pauses(AT, 'over')).toEqual([]);
    expect(await store.pauses(AT + 60_000, 'slow')).toEqual([]);
  });
});
