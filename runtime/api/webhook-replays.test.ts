import { describe, it, expect } from 'vitest';
import { openDb } from '../store/db.ts';
import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { WebhookReplays } from './webhook-replays.ts';

describe('WebhookReplays', () => {
  it('refuses a signature again until it expires, per flow; releases on request; prunes what expired', async () => {
    const db = openDb({ file: ':memory:' });
    const store = new SqliteStore(db);
    let now = 1_000_000;
    const replays = new WebhookReplays(store, () => now);
    const sig = { signature: 'ab12', expiresAt: now + 300_000 };
    await replays.claim('orders', sig);
    await expect(replays.claim('orders', sig)).rejects.toThrow(
      expect.objectContaining({ code: 'unauthenticated', message: expect.stringMatching(/replay/) }),
    );
    await replays.claim('invoices', sig);

    const release = await replays.claim('orders', { signature: 'cd34', expiresAt: now + 300_000 });
    await release();
    await replays.claim('orders', { signature: 'cd34', expiresAt: now + 300_000 });

    const rows = () =>
      db.$client.prepare("SELECT flow_id || ':' || signature FROM webhook_signatures ORDER BY 1").pluck().all();
    // Expired but not pruned yet: the signature may come again (its timestamp is refused by then anyway).
    const short = { signature: 'ee77', expiresAt: now + 10_000 };
    await replays.claim('orders', short);
    now += 10_000;
    await replays.claim('orders', { ...short, expiresAt: now + 300_000 });
    expect(rows()).toEqual(['invoices:ab12', 'orders:ab12', 'orders:cd34', 'orders:ee77']);
    // A minute on, claiming prunes every row whose time is up.
    now += 290_000;
    await replays.claim('orders', { signature: 'ff88', expiresAt: now + 300_000 });
    expect(rows()).toEqual(['orders:ee77', 'orders:ff88']);
    await store.close();
  });
});
