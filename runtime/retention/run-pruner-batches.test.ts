import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../store/db.ts';
import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { RunPruner, type BatchCounts } from './run-pruner.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 2, 1);
let store: SqliteStore;

beforeEach(() => {
  store = new SqliteStore(openDb({ file: ':memory:' }));
});
afterEach(() => store.close());

function addRun(id: string, flowId: string, status: string, createdAt: number, finished = true): void {
  store.sqlite
    .prepare(
      `INSERT INTO runs (id, flow_id, version, mode, status, trigger_node, trigger, created_at, updated_at, finished_at)
       VALUES (?, ?, 1, 'live', ?, 'in', '{}', ?, ?, ?)`,
    )
    .run(id, flowId, status, createdAt, createdAt, finished ? createdAt + 1000 : null);
}

function addStep(runId: string, output: string | null): void {
  store.sqlite
    .prepare(
      `INSERT INTO steps (run_id, node_id, status, attempts, input, output) VALUES (?, 'out', 'succeeded', 1, ?, ?)`,
    )
    .run(runId, output === null ? null : '{"in":1}', output);
}

const ids = (sql: string) => store.sqlite.prepare(sql).pluck().all().map(String).sort();
const counts = (): BatchCounts => ({ deleted: new Map(), dropped: new Map() });
const never = () => false;

describe('the run pruner, a batch per write', () => {
  it("deletes the expired runs of flows without their own policy in batches, leaving other flows' and unfinished runs", async () => {
    store.sqlite
      .prepare(
        `INSERT INTO retention_policies (flow_id, days, keep_success_payloads, updated_at) VALUES ('a', 90, 1, 0)`,
      )
      .run();
    for (let i = 0; i < 5; i++) addRun(`b${i}`, 'b', 'succeeded', NOW - 10 * DAY + i);
    addRun('c0', 'c', 'failed', NOW - 10 * DAY);
    addRun('a0', 'a', 'succeeded', NOW - 10 * DAY);
    addRun('b-running', 'b', 'running', NOW - 10 * DAY, false);
    addRun('b-recent', 'b', 'succeeded', NOW - DAY / 2);
    addStep('b0', '{"x":1}');

    const c = counts();
    const before = store.commits.writes;
    await new RunPruner(store, 2).apply('default', { days: 1, keepSuccessPayloads: true }, NOW, c, never);

    expect(c.deleted).toEqual(
      new Map([
        ['b', 5],
        ['c', 1],
      ]),
    );
    // Three full batches, then one that found nothing.
    expect(store.commits.writes - before).toBe(4);
    expect(ids('SELECT id FROM runs')).toEqual(['a0', 'b-recent', 'b-running']);
    expect(ids('SELECT run_id FROM steps')).toEqual([]);
  });

  it('drops the payloads of succeeded runs by a (created_at, id) cursor across batches, once each', async () => {
    for (const [id, at] of [
      ['p3', 100],
      ['p1', 100],
      ['p2', 100],
      ['p5', 200],
      ['p4', 200],
    ] as const) {
      addRun(id, 'a', 'succeeded', NOW - at);
      addStep(id, `{"run":"${id}"}`);
      store.sqlite.prepare(`INSERT INTO run_payloads (run_id, hash, data) VALUES (?, 'h', '{}')`).run(id);
    }
    addRun('dropped', 'a', 'succeeded', NOW - 150);
    addStep('dropped', null);
    addRun('failed', 'a', 'failed', NOW - 150);
    addStep('failed', '{"kept":true}');
    addRun('other', 'b', 'succeeded', NOW - 150);
    addStep('other', '{"kept":true}');

    const c = counts();
    const pruner = new RunPruner(store, 2);
    await pruner.apply({ flowId: 'a' }, { days: null, keepSuccessPayloads: false }, NOW, c, never);

    expect(c.dropped).toEqual(new Map([['a', 5]]));
    expect(c.deleted.size).toBe(0);
    expect(ids('SELECT run_id FROM steps WHERE output IS NOT NULL OR input IS NOT NULL')).toEqual(['failed', 'other']);
    expect(ids('SELECT run_id FROM run_payloads')).toEqual([]);
    expect(ids('SELECT id FROM runs')).toHaveLength(8);

    // Nothing left to drop.
    const again = counts();
    await pruner.apply({ flowId: 'a' }, { days: null, keepSuccessPayloads: false }, NOW, again, never);
    expect(again.dropped.size).toBe(0);
  });

  it('stops between batches when asked to', async () => {
    for (let i = 0; i < 6; i++) addRun(`b${i}`, 'b', 'succeeded', NOW - 10 * DAY + i);
    const c = counts();
    let batches = 0;
    await new RunPruner(store, 2).apply('default', { days: 1, keepSuccessPayloads: true }, NOW, c, () => batches++ > 0);
    expect(c.deleted.get('b')).toBe(2);
    expect(ids('SELECT id FROM runs')).toHaveLength(4);
  });
});
