import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { weftCli } from '../support/cli.ts';
import { olderDatabase } from '../support/older-database.ts';
import { knownMigrationList } from '../../runtime/store/schema-migrations.ts';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

const FIRST_NEW = '0014_run_foreign_keys';
const known = knownMigrationList().map((m) => m.tag);
const newer = known.slice(known.indexOf(FIRST_NEW));

/** A data folder whose database an older Weft made and used: a flow, two runs (one failed), their steps. */
function olderDataFolder(): string {
  dir = mkdtempSync(join(tmpdir(), 'weft-migrate-'));
  const data = join(dir, 'data');
  mkdirSync(data);
  const db = olderDatabase(dir, join(data, 'weft.db'), FIRST_NEW);
  db.prepare(
    `INSERT INTO flows (id, name, definition, revision, created_at, updated_at) VALUES ('f', 'F', '{}', 1, 0, 0)`,
  ).run();
  db.prepare(
    `INSERT INTO flow_versions (flow_id, version, definition, hash, created_at) VALUES ('f', 1, '{}', 'h', 0)`,
  ).run();
  const run =
    db.prepare(`INSERT INTO runs (id, flow_id, version, mode, status, trigger_node, trigger, error, created_at, updated_at)
    VALUES (?, 'f', 1, 'live', ?, 'in', '{}', ?, 0, 0)`);
  run.run('run_ok', 'succeeded', null);
  run.run('run_failed', 'failed', JSON.stringify({ code: 'http_503', nodeId: 'post', message: 'down' }));
  const step = db.prepare(`INSERT INTO steps (run_id, node_id, status, attempts) VALUES (?, ?, 'succeeded', 1)`);
  step.run('run_ok', 'in');
  step.run('run_failed', 'in');
  // A step left behind by a run deleted before runs and steps were linked.
  step.run('run_gone', 'in');
  db.close();
  return data;
}

function read<T>(data: string, sql: string): T {
  const db = new Database(join(data, 'weft.db'), { readonly: true });
  try {
    return db.prepare(sql).get() as T;
  } finally {
    db.close();
  }
}

describe('weft migrate', () => {
  it('applies the pending migrations to an older data folder, keeps its data, then says it is up to date', () => {
    const data = olderDataFolder();
    const first = weftCli(['migrate', '--data', data]);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toContain(`applied ${newer.length} migration(s)`);
    for (const tag of newer) expect(first.out).toContain(tag);

    const counts = read<Record<string, number>>(
      data,
      `SELECT (SELECT COUNT(*) FROM flows) AS flows, (SELECT COUNT(*) FROM flow_versions) AS versions,
        (SELECT COUNT(*) FROM runs) AS runs, (SELECT COUNT(*) FROM steps) AS steps,
        (SELECT COUNT(*) FROM __drizzle_migrations) AS migrations`,
    );
    expect(counts).toEqual({ flows: 1, versions: 1, runs: 2, steps: 2, migrations: known.length });
    expect(read(data, `SELECT error_code AS code, error_node_id AS nodeId FROM runs WHERE id = 'run_failed'`)).toEqual({
      code: 'http_503',
      nodeId: 'post',
    });

    const again = weftCli(['migrate', '--data', data]);
    expect(again.code, again.out).toBe(0);
    expect(again.out).toContain(`is up to date (${known.length} migrations applied)`);
  });

  it('refuses while a runtime works on the database, and without a database', () => {
    const data = olderDataFolder();
    const db = new Database(join(data, 'weft.db'));
    db.prepare(`INSERT INTO workers (id, host, pid, started_at, expires_at) VALUES ('w1', 'app-1', 4242, 0, ?)`).run(
      Date.now() + 3_600_000,
    );
    db.close();
    const busy = weftCli(['migrate', '--data', data]);
    expect(busy.code, busy.out).toBe(1);
    expect(busy.out).toContain('a runtime is working on');
    expect(busy.out).toContain('pid 4242 on app-1');
    expect(read(data, 'SELECT COUNT(*) AS n FROM __drizzle_migrations')).toEqual({ n: known.length - newer.length });

    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const none = weftCli(['migrate', '--data', empty]);
    expect(none.code, none.out).toBe(2);
    expect(none.out).toContain(`no database in ${empty}`);
  });

  it('is listed in the help', () => {
    const help = weftCli(['help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('weft migrate [--data ./data | --database postgres://…]');
    expect(help.out).toContain('weft db copy --from');
  });
});
