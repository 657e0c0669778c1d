import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../db.ts';
import { SqliteStore } from './sqlite-store.ts';
import { WalFlush } from './wal-flush.ts';

describe('SQLite commits flushed off the event loop', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'weft-wal-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('applies to a file database in WAL mode with synchronous=full only', () => {
    const dir = tempDir();
    const full = openDb({ file: join(dir, 'full.db') });
    const normal = openDb({ file: join(dir, 'normal.db'), synchronous: 'normal' });
    expect(WalFlush.of(full.$client)).not.toBeNull();
    expect(WalFlush.of(normal.$client)).toBeNull();
    expect(WalFlush.of(new Database(':memory:'))).toBeNull();
    full.$client.close();
    normal.$client.close();
  });

  it('commits group writes with the WAL flushed before answering, and keeps reporting synchronous=full', async () => {
    const file = join(tempDir(), 'weft.db');
    const store = new SqliteStore(openDb({ file }));
    const sqlite = store.sqlite;
    // Inside the transaction SQLite does not flush (normal); the flush follows the COMMIT, off the loop.
    const levels: number[] = [];
    const reported: string[] = [];
    await Promise.all(
      ['w1', 'w2', 'w3'].map((id) =>
        store.write(async (tx) => {
          levels.push(Number(sqlite.pragma('synchronous', { simple: true })));
          reported.push((await store.durability()).synchronous);
          await tx.leases.register({ id, host: 'h', pid: 1, startedAt: 1, expiresAt: 2 });
        }),
      ),
    );
    expect(levels).toEqual([1, 1, 1]);
    expect(reported, 'what the store reports meanwhile (/healthz)').toEqual(['full', 'full', 'full']);
    expect(store.commits.transactions).toBe(1);
    expect((await store.durability()).synchronous).toBe('full');
    expect((await store.leases.workers()).map((w) => w.id)).toEqual(['w1', 'w2', 'w3']);
    await store.close();
    // Reopened: everything answered is there.
    const again = new SqliteStore(openDb({ file }));
    expect((await again.leases.workers()).map((w) => w.id)).toEqual(['w1', 'w2', 'w3']);
    await again.close();
  });

  it('fails the writes of a commit whose flush fails, as the store’s failure', async () => {
    const file = join(tempDir(), 'weft.db');
    const store = new SqliteStore(openDb({ file }));
    await store.write((tx) => tx.leases.register({ id: 'w1', host: 'h', pid: 1, startedAt: 1, expiresAt: 2 }));
    // The WAL's descriptor taken away: the next flush fails as a disk would.
    const wal = (store as unknown as { wal: { fd: number | null } }).wal;
    wal.fd = 2 ** 30;
    const failed = await store
      .write((tx) => tx.leases.register({ id: 'w2', host: 'h', pid: 1, startedAt: 1, expiresAt: 2 }))
      .catch((e: unknown) => e as Error & { code?: string });
    expect(failed).toMatchObject({ code: 'SQLITE_IOERR_FSYNC' });
    expect((failed as Error).message).toMatch(/write-ahead log could not be flushed to disk/);
    expect(store.failure?.code).toBe('SQLITE_IOERR_FSYNC');
    wal.fd = null;
    await store.close();
  });
});
