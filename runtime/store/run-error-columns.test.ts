import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from './db.ts';
import { RunStore } from './run-store.ts';
import { failedGroupsQuery, listQuery } from './run-queries.ts';
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

function newRun(store: RunStore, id: string): void {
  store.insertRun({
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
  it('are written with the error and cleared when the run is reopened', () => {
    db = openDb({ file: ':memory:' });
    const store = new RunStore(db);
    newRun(store, 'run_a');
    newRun(store, 'run_b');
    store.finishRun('run_a', 'failed', JSON.stringify({ code: 'http_503', nodeId: 'post', message: 'down' }), null, 2);
    store.finishRun('run_b', 'cancelled', JSON.stringify({ code: 'cancelled', message: 'by an operator' }), null, 2);
    expect(errorColumns(db, 'run_a')).toEqual({ code: 'http_503', nodeId: 'post' });
    expect(errorColumns(db, 'run_b')).toEqual({ code: 'cancelled', nodeId: null });
    store.reopenRun('run_a', 3);
    expect(errorColumns(db, 'run_a')).toEqual({ code: null, nodeId: null });
    store.finishRun('run_a', 'succeeded', null, null, 4);
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
