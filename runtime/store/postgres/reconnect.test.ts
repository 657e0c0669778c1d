import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freshPostgres,
  postgresAdminUrl,
  postgresAvailable,
  type FreshPostgres,
} from '../../../test/support/postgres.ts';
import { openPostgres } from './connect.ts';
import { PostgresStore } from './postgres-store.ts';

const available = (await postgresAvailable()) || !!process.env.CI;

/** Ends every session of `database` but the admin's own, as `pg_terminate_backend` by an operator or a failover would. */
async function terminateAll(database: string): Promise<number> {
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  try {
    const r = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    );
    return r.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

describe.skipIf(!available)('PostgreSQL: a write whose connection the server ends', () => {
  let database: FreshPostgres;
  let store: PostgresStore;

  beforeAll(async () => {
    database = await freshPostgres({ migrated: true });
    store = new PostgresStore(openPostgres(database.url, { max: 4 }).pool);
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('is written again on a new connection when its session ended before COMMIT, and commits once', async () => {
    let tries = 0;
    const worker = { id: 'w-cut', host: 'h', pid: 1, startedAt: 1, expiresAt: 2 };
    await store.write(async (tx) => {
      tries++;
      // The transaction has begun on its connection: the server ends that session (and the pool's others).
      await tx.leases.workers();
      if (tries === 1) expect(await terminateAll(database.name)).toBeGreaterThan(0);
      await tx.leases.register(worker);
    });
    expect(tries, 'the write ran once on the cut connection and once on a new one').toBe(2);
    expect((await store.leases.workers()).map((w) => w.id)).toEqual(['w-cut']);
    expect(store.failure).toBeNull();
  });

  it('answers reads and writes again after every connection of the pool was ended while idle', async () => {
    await store.write((tx) => tx.leases.register({ id: 'w-idle', host: 'h', pid: 2, startedAt: 1, expiresAt: 2 }));
    expect(await terminateAll(database.name)).toBeGreaterThan(0);
    await store.write((tx) => tx.leases.remove('w-idle'));
    expect((await store.leases.workers()).map((w) => w.id)).not.toContain('w-idle');
    expect(store.failure).toBeNull();
  });
});
