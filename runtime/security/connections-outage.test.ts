import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../shared/errors.ts';
import { freshPostgres, postgresAdminUrl, postgresAvailable, type FreshPostgres } from '../../test/support/postgres.ts';
import { openPostgres } from '../store/postgres/connect.ts';
import { PostgresStore } from '../store/postgres/postgres-store.ts';
import { AuditLog } from './audit.ts';
import { Connections } from './connections.ts';
import { SecretBox, newKey } from './secret-box.ts';
import { SecretMasker } from './secret-mask.ts';

const available = (await postgresAvailable()) || !!process.env.CI;
const admin = { kind: 'user' as const, id: 'usr_root', name: 'root@firm.test' };

async function asAdmin(sql: string, params: unknown[] = []): Promise<void> {
  const c = new pg.Client({ connectionString: postgresAdminUrl });
  await c.connect();
  try {
    await c.query(sql, params);
  } finally {
    await c.end();
  }
}

describe.skipIf(!available)('Connections while the database refuses connections', () => {
  let database: FreshPostgres;
  let store: PostgresStore;
  let connections: Connections;

  beforeAll(async () => {
    database = await freshPostgres({ migrated: true });
    store = new PostgresStore(openPostgres(database.url, { max: 2 }).pool);
    connections = new Connections(
      store,
      new SecretBox(newKey()),
      new SecretMasker(),
      () => {
        throw new Error('no HTTP in this test');
      },
      new AuditLog(store),
    );
  });
  afterAll(async () => {
    await asAdmin(`ALTER DATABASE "${database.name}" ALLOW_CONNECTIONS true`).catch(() => undefined);
    await store?.close();
    await database?.drop();
  });

  it('holds the step that reads a connection (no attempt used) instead of failing it, and resolves once the database answers', async () => {
    await connections.create(
      { id: 'crm', name: 'CRM', baseUrl: 'https://crm.example.com/', auth: { type: 'bearer', token: 't-1' } },
      admin,
    );
    await asAdmin(`ALTER DATABASE "${database.name}" ALLOW_CONNECTIONS false`);
    await asAdmin('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database.name]);

    const held = await connections.resolve('crm').catch((err: unknown) => err);
    expect(held).toMatchObject({
      code: ErrorCodes.circuitOpen,
      retryable: true,
      retryAfterMs: 1000,
      details: { connection: 'crm', reason: 'store_unavailable' },
    });
    expect((held as Error).message).toContain('connection "crm" could not be read: the database cannot be used');
    await expect(connections.credentials('crm')).rejects.toMatchObject({ code: ErrorCodes.circuitOpen });

    await asAdmin(`ALTER DATABASE "${database.name}" ALLOW_CONNECTIONS true`);
    expect((await connections.resolve('crm')).headers.authorization).toBe('Bearer t-1');
  });

  it('still says a connection that does not exist does not exist', async () => {
    await expect(connections.resolve('nope')).rejects.toMatchObject({ code: ErrorCodes.config });
  });
});
