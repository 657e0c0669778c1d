import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { freshPostgres, postgresAvailable, type FreshPostgres } from '../../../test/support/postgres.ts';
import { eventually } from '../../../test/support/poll.ts';
import { silentLogger } from '../../logger.ts';
import { CHANGE_TOPICS, type ChangeTopic } from '../changes.ts';
import { openPostgres } from './connect.ts';
import { PostgresChanges } from './notify.ts';

const available = (await postgresAvailable()) || !!process.env.CI;

describe.skipIf(!available)('PostgreSQL: changes told to the other processes', () => {
  let database: FreshPostgres;
  let pool: pg.Pool;
  let here: PostgresChanges;
  let there: PostgresChanges;
  /** Statements the telling process sent. */
  const statements: string[] = [];

  beforeAll(async () => {
    database = await freshPostgres();
    pool = openPostgres(database.url, { max: 2 }).pool;
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...a: unknown[]) => unknown;
      client.query = ((...a: unknown[]) => {
        const q = a[0] as string | { text: string };
        statements.push(typeof q === 'string' ? q : q.text);
        return query(...a);
      }) as typeof client.query;
    });
    here = new PostgresChanges(pool, { connectionString: database.url }, silentLogger);
    there = new PostgresChanges(pool, { connectionString: database.url }, silentLogger);
    await here.start();
    await there.start();
  });
  afterAll(async () => {
    await here?.close();
    await there?.close();
    await pool?.end();
    await database?.drop();
  });

  it('carries every topic of the change feed to the other process', async () => {
    const heard: ChangeTopic[] = [];
    const stop = there.listen((topic) => heard.push(topic));
    try {
      for (const topic of CHANGE_TOPICS) await here.notify(topic, `${topic}-detail`);
      await eventually(
        async () => heard.length >= CHANGE_TOPICS.length || null,
        `the other process to hear ${CHANGE_TOPICS.length} topics`,
      );
      expect([...heard].sort()).toEqual([...CHANGE_TOPICS].sort());
    } finally {
      stop();
    }
  });

  it('tells what one turn changed in one statement, each change once, and the other process hears each', async () => {
    const heard: [ChangeTopic, string | null][] = [];
    const stop = there.listen((topic, detail) => heard.push([topic, detail]));
    const ownHeard: string[] = [];
    const stopOwn = here.listen((topic) => ownHeard.push(topic));
    try {
      statements.length = 0;
      await Promise.all([
        here.notify('admission', 'orders'),
        here.notify('admission', 'orders'),
        here.notify('admission', 'invoices'),
        here.notify('runs', 'run_1'),
        here.notify('activations'),
      ]);
      expect(statements).toHaveLength(1);
      await eventually(async () => heard.length >= 4 || null, 'the other process to hear four changes');
      expect(heard).toEqual([
        ['admission', 'orders'],
        ['admission', 'invoices'],
        ['runs', 'run_1'],
        ['activations', null],
      ]);
      // A process does not hear its own changes back.
      expect(ownHeard).toEqual([]);
      // The next turn's changes go in a statement of their own.
      await here.notify('admission', 'orders');
      expect(statements).toHaveLength(2);
      await eventually(async () => heard.length === 5 || null, 'the change of the next turn');
    } finally {
      stop();
      stopOwn();
    }
  });

  it('rejects the changes of a statement the database refused', async () => {
    const broken = new PostgresChanges(
      { query: () => Promise.reject(new Error('refused')) } as unknown as pg.Pool,
      { connectionString: database.url },
      silentLogger,
    );
    await expect(Promise.all([broken.notify('runs', 'a'), broken.notify('runs', 'b')])).rejects.toThrow('refused');
  });
});
