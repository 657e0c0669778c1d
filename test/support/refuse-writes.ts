import pg from 'pg';
import type { Weft } from '../../runtime/weft.ts';
import type { StoreParts } from '../../runtime/store/ports.ts';
import type { NewStep, RunStore } from '../../runtime/store/run-store.ts';
import { SqliteStore } from '../../runtime/store/sqlite/sqlite-store.ts';
import { PostgresStore } from '../../runtime/store/postgres/postgres-store.ts';
import { postgresAdminUrl } from './postgres.ts';
import { execute } from './rows.ts';
import { until } from './poll.ts';

/**
 * Ways to make the database of a runtime under test refuse writes, as a full disk, a broken or a read-only
 * database would, on either dialect.
 */

export interface RowRule {
  /** Names the rule (a trigger); unique per database. */
  name: string;
  table: string;
  /** `INSERT`, `UPDATE` or `UPDATE OF <column>`. */
  on: string;
  /** Column values the new row has for the write to be refused; every write when absent. */
  when?: Record<string, string>;
  /** The database's error message. */
  message: string;
}

/**
 * Makes the database refuse the row writes `rule` matches (a trigger that raises, kept in the database);
 * returns the undo, done through `weft` or through another runtime opened on the database since.
 */
export async function refuseRows(weft: Weft, rule: RowRule): Promise<(on?: Weft) => Promise<void>> {
  const cond = Object.entries(rule.when ?? {})
    .map(([col, v]) => `NEW.${col} = '${v.replaceAll("'", "''")}'`)
    .join(' AND ');
  const message = rule.message.replaceAll("'", "''");
  if (weft.store.dialect === 'sqlite') {
    await execute(
      weft,
      `CREATE TRIGGER ${rule.name} BEFORE ${rule.on} ON ${rule.table}${cond ? ` WHEN ${cond}` : ''}
       BEGIN SELECT RAISE(ABORT, '${message}'); END`,
    );
    return async (on = weft) => void (await execute(on, `DROP TRIGGER ${rule.name}`));
  }
  await execute(
    weft,
    `CREATE FUNCTION ${rule.name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${message}'; END $$`,
  );
  await execute(
    weft,
    `CREATE TRIGGER ${rule.name} BEFORE ${rule.on} ON ${rule.table} FOR EACH ROW${cond ? ` WHEN (${cond})` : ''}
     EXECUTE FUNCTION ${rule.name}()`,
  );
  return async (on = weft) => {
    await execute(on, `DROP TRIGGER ${rule.name} ON ${rule.table}`);
    await execute(on, `DROP FUNCTION ${rule.name}()`);
  };
}

/**
 * Calls `see(...args)` inside each write transaction of the runtime, just before it calls `tx.runs[method]`
 * (the engine's memory then is what it was while that write ran); a `see` that throws fails that write.
 * Returns the undo.
 */
export function beforeRunsWrite<K extends keyof RunStore>(
  weft: Weft,
  method: K,
  see: (...args: Parameters<RunStore[K]>) => void,
): () => void {
  const store = weft.store;
  const write = store.write;
  store.write = <T>(fn: (tx: StoreParts) => T | Promise<T>): Promise<T> =>
    write.call(store, (tx: StoreParts) => {
      const runs = new Proxy(tx.runs, {
        get(target, key) {
          const v = Reflect.get(target, key);
          if (key !== method) return typeof v === 'function' ? v.bind(target) : v;
          return (...args: Parameters<RunStore[K]>) => {
            see(...args);
            return (v as (...a: Parameters<RunStore[K]>) => unknown).apply(target, args);
          };
        },
      });
      return fn(new Proxy(tx, { get: (t, key) => (key === 'runs' ? runs : Reflect.get(t, key)) }));
    }) as Promise<T>;
  return () => {
    store.write = write;
  };
}

/** beforeRunsWrite for the step rows `match` accepts. */
export function beforeStepWrite(weft: Weft, match: (row: NewStep) => boolean, see: (row: NewStep) => void): void {
  beforeRunsWrite(weft, 'upsertStep', (row) => {
    if (match(row)) see(row);
  });
}

/** The error code a write gets from a read-only database. */
export const READ_ONLY_CODE: Record<'sqlite' | 'postgres', string> = { sqlite: 'SQLITE_READONLY', postgres: '25006' };

/**
 * Makes the runtime's database read-only (`on`) or writable again. SQLite: the runtime's connection stops
 * writing. PostgreSQL: the database defaults to read-only transactions, and the runtime's connections are
 * ended so that the ones its pool opens next have the new default.
 */
export async function readOnly(weft: Weft, on: boolean): Promise<void> {
  const store = weft.store;
  if (store instanceof SqliteStore) {
    store.sqlite.pragma(`query_only = ${on ? 'ON' : 'OFF'}`);
    return;
  }
  if (!(store instanceof PostgresStore)) throw new Error(`cannot make a ${store.dialect} store read-only`);
  const pool = store.pool;
  const name = new URL(pool.options.connectionString!).pathname.slice(1);
  // Connections the pool opens from here on; once every connection it has is one of them, none is left
  // from before (a connection still connecting when ended fails and leaves the pool without a 'remove').
  const fresh = new Set<unknown>();
  const onConnect = (client: unknown) => void fresh.add(client);
  const onRemove = (client: unknown) => void fresh.delete(client);
  pool.on('connect', onConnect);
  pool.on('remove', onRemove);
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  try {
    await admin.query(
      `ALTER DATABASE "${name}" ${on ? 'SET default_transaction_read_only = on' : 'RESET default_transaction_read_only'}`,
    );
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
    await until(() => pool.totalCount === fresh.size, 'the pool to drop the connections that were ended');
  } finally {
    pool.off('connect', onConnect);
    pool.off('remove', onRemove);
    await admin.end();
  }
}
