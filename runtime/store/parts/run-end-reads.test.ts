import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDb } from '../db.ts';
import { RunTakenOver, type NewRun } from '../run-store.ts';
import { SqliteSql } from '../sqlite/sqlite-sql.ts';
import { SqlRunStore } from './runs.ts';
import { newRun } from '../../../test/support/new-run.ts';

const T0 = Date.UTC(2026, 5, 1, 9);

const run = (id: string, owner: string, o: Partial<NewRun> = {}): NewRun => newRun(id, T0, { owner, ...o });

/**
 * What a run's writes read on SQLite: every run's steps are fenced and every live run's end is counted
 * in the roll-ups, so neither reads the run back in the common case (a run made here, ending once).
 */
describe('SQLite: the reads of a run made here and ending once', () => {
  let sql: SqliteSql;
  let runs: SqlRunStore;
  let close: () => void;

  beforeEach(() => {
    const db = openDb({ file: ':memory:' });
    sql = new SqliteSql(db.$client);
    runs = new SqlRunStore(sql);
    close = () => db.$client.close();
  });
  afterEach(() => close());

  it('fences a run made on this connection without reading it, and still refuses another worker', async () => {
    await runs.insertRun(run('run_1', 'worker-a'));
    const reads = vi.spyOn(sql, 'get');
    await runs.fence('run_1', 'worker-a');
    expect(reads).not.toHaveBeenCalled();
    await expect(runs.fence('run_1', 'worker-b')).rejects.toBeInstanceOf(RunTakenOver);
  });

  it('does not take a run whose insert was refused as held by the worker that tried', async () => {
    await runs.insertRun(run('run_2', 'worker-a'));
    await expect(runs.insertRun(run('run_2', 'worker-b'))).rejects.toThrow(/UNIQUE|PRIMARY KEY/i);
    await expect(runs.fence('run_2', 'worker-b')).rejects.toBeInstanceOf(RunTakenOver);
  });

  it('counts a first end without reading the run, and a second end by reading it', async () => {
    await runs.insertRun(run('run_3', 'worker-a'));
    const reads = vi.spyOn(sql, 'get');
    await runs.finishRun('run_3', 'failed', JSON.stringify({ code: 'http_error', nodeId: 'erp' }), null, T0 + 1500);
    expect(reads).not.toHaveBeenCalled();
    await runs.finishRun('run_3', 'succeeded', null, null, T0 + 61_000);
    expect(reads).toHaveBeenCalledTimes(1);
    const rows = await sql.all<{ minute: number; status: string; count: number; duration_sum: number }>(
      'SELECT minute, status, count, duration_sum FROM run_rollups WHERE count <> 0 ORDER BY minute',
    );
    expect(rows).toEqual([{ minute: T0 + 60_000, status: 'succeeded', count: 1, duration_sum: 61_000 }]);
    const failures = await sql.all('SELECT * FROM run_failure_rollups WHERE count <> 0');
    expect(failures).toEqual([]);
  });

  it('counts a failed first end in the failures by code and node, and leaves test runs out', async () => {
    await runs.insertRun(run('run_4', 'worker-a'));
    await runs.insertRun(run('run_5', 'worker-a', { mode: 'test', version: null }));
    await runs.finishRun('run_4', 'failed', JSON.stringify({ code: 'http_error', nodeId: 'erp' }), null, T0 + 20);
    await runs.finishRun('run_5', 'failed', JSON.stringify({ code: 'http_error', nodeId: 'erp' }), null, T0 + 20);
    expect(await sql.all('SELECT flow_id, minute, error_code, node_id, count FROM run_failure_rollups')).toEqual([
      { flow_id: 'orders', minute: T0, error_code: 'http_error', node_id: 'erp', count: 1 },
    ]);
    expect(await sql.all('SELECT status, count, duration_sum FROM run_rollups')).toEqual([
      { status: 'failed', count: 1, duration_sum: 20 },
    ]);
  });
});
