import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres, postgresAvailable, type FreshPostgres } from '../../../test/support/postgres.ts';
import { openPostgres } from './connect.ts';
import { PostgresStore } from './postgres-store.ts';

const available = (await postgresAvailable()) || !!process.env.CI;

describe.skipIf(!available)('PostgreSQL: one job at a time in the installation', () => {
  let database: FreshPostgres;
  let a: PostgresStore;
  let b: PostgresStore;

  beforeAll(async () => {
    database = await freshPostgres({ migrated: true });
    // Two stores with pools of their own: two processes of a cluster.
    a = new PostgresStore(openPostgres(database.url, { max: 3 }).pool);
    b = new PostgresStore(openPostgres(database.url, { max: 3 }).pool);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  it('lets a second process run a job of the same name only after the first has finished; other names do not wait', async () => {
    const events: string[] = [];
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((r) => {
      releaseFirst = r;
    });
    let firstStarted!: () => void;
    const started = new Promise<void>((r) => {
      firstStarted = r;
    });
    const first = a.oneAtATime('retention', async () => {
      events.push('a starts');
      firstStarted();
      await firstHolds;
      events.push('a ends');
    });
    await started;
    const second = b.oneAtATime('retention', async () => {
      events.push('b runs');
    });
    // A job of another name runs while the first holds its lock.
    await b.oneAtATime('other', async () => {
      events.push('other runs');
    });
    expect(events).toEqual(['a starts', 'other runs']);
    releaseFirst();
    await Promise.all([first, second]);
    expect(events).toEqual(['a starts', 'other runs', 'a ends', 'b runs']);
  });

  it('releases the lock when the job throws', async () => {
    await expect(
      a.oneAtATime('retention', async () => {
        throw new Error('prune failed');
      }),
    ).rejects.toThrow('prune failed');
    await expect(b.oneAtATime('retention', async () => 'ran')).resolves.toBe('ran');
  });
});
