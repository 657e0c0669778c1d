import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from './db.ts';
import type { RunStore } from './run-store.ts';
import { SqlRunStore } from './parts/runs.ts';
import { failedGroupsQuery, listQuery } from './parts/run-queries.ts';
import { SqliteSql } from './sqlite/sqlite-sql.ts';
import { olderDatabase } from '../../test/support/older-database.ts';

let db: Db | undefined;
let dir = '';
afterEach(() => {
  db?.$client.close();
  db = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

const errorColumns = (d: Db, id: string) =>
  d.$client.prepare(`SELECT error_code AS code, error_node_id AS nodeId FROM runs WHERE id = ?`).get(id);

function newRun(store: RunStore, id: string): Promise<void> {
  return store.insertRun({
    id,
    flowId: 'f',
    version: 1,
    mode: 'live',
    status: 'running',
    triggerNode: 'in',
    trigger: '{}',
    createdAt: 1,
    updatedAt: 1,
  });
}

/** The plan SQLite chooses for `q`, one line per step. */
function plan(d: Db, q: { sql: string; args: unknown[] }): string {
  const rows = d.$client.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.args) as { detail: string }[];
  return rows.map((r) => r.detail).join('\n');
}

describe("a run's error code and node", () => {
  it('are written with the error and cleared when the run is reopened', async () => {
    db = openDb({ file: ':memory:' });
    const store = new SqlRunStore(new SqliteSql(db.$client));
    for (const id of ['run_a', 'run_b', 'run_c', 'run_d']) await newRun(store, id);
    await store.finishRun(
      'run_a',
      'failed',
      JSON.stringify({ code: 'http_503', nodeId: 'post', message: 'x' }),
      null,
      2,
    );
    await store.finishRun(
      'run_b',
      'cancelled',
      JSON.stringify({ code: 'cancelled', message: 'by an operator' }),
      null,
      2,
    );
    await store.finishRun('run_c', 'failed', 'not json', null, 2);
    await store.finishRun('run_d', 'failed', JSON.stringify([{ code: 'in_a_list' }]), null, 2);
    expect(errorColumns(db, 'run_a')).toEqual({ code: 'http_503', nodeId: 'post' });
    expect(errorColumns(db, 'run_b')).toEqual({ code: 'cancelled', nodeId: null });
    expect(errorColumns(db, 'run_c')).toEqual({ code: null, nodeId: null });
    expect(errorColumns(db, 'run_d')).toEqual({ code: null, nodeId: null });
    await store.reopenRun('run_a', 3);
    expect(errorColumns(db, 'run_a')).toEqual({ code: null, nodeId: null });
    await store.finishRun('run_a', 'succeeded', null, null, 4);
    expect(errorColumns(db, 'run_a')).toEqual({ code: null, nodeId: null });
  });

  it('serve the failed-runs grouping and the errorCode and nodeId filters from their indexes', () => {
    db = openDb({ file: ':memory:' });
    const grouping = plan(db, failedGroupsQuery({}));
    expect(grouping).toMatch(/USING (COVERING )?INDEX runs_failed_group/);
    expect(grouping).not.toMatch(/TEMP B-TREE FOR GROUP BY/);
    expect(plan(db, failedGroupsQuery({ flowId: 'f', errorCode: 'http_503' }))).toMatch(
      /USING (COVERING )?INDEX runs_failed_group/,
    );
    expect(plan(db, listQuery({ errorCode: 'http_503', limit: 50 }))).toMatch(/SEARCH r USING INDEX runs_error_code/);
    expect(plan(db, listQuery({ nodeId: 'post', limit: 50 }))).toMatch(/SEARCH r USING INDEX runs_error_node/);
  });

  it('are filled by the migration from the errors of existing runs', () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-errcols-'));
    const file = join(dir, 'weft.db');
    const old = olderDatabase(dir, file, '0015_run_error_columns');
    const run =
      old.prepare(`INSERT INTO runs (id, flow_id, version, mode, status, trigger_node, trigger, error, created_at, updated_at)
      VALUES (?, 'f', 1, 'live', ?, 'in', '{}', ?, 0, 0)`);
    run.run('run_step', 'failed', JSON.stringify({ code: 'http_503', nodeId: 'post', message: 'down' }));
    run.run('run_run', 'timed_out', JSON.stringify({ code: 'run_timeout', message: 'too long' }));
    run.run('run_ok', 'succeeded', null);
    run.run('run_odd', 'failed', 'not json');
    old.close();

    db = openDb({ file });
    expect(errorColumns(db, 'run_step')).toEqual({ code: 'http_503', nodeId: 'post' });
    expect(errorColumns(db, 'run_run')).toEqual({ code: 'run_timeout', nodeId: null });
    expect(errorColumns(db, 'run_ok')).toEqual({ code: null, nodeId: null });
    expect(errorColumns(db, 'run_odd')).toEqual({ code: null, nodeId: null });
  });
});
