import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from './db.ts';
import { openBackup } from './backup.ts';
import { olderDatabase } from '../../test/support/older-database.ts';

const RUN_TABLES = ['steps', 'run_payloads', 'run_actions', 'step_recoveries', 'trigger_dedupe'];

function addFlow(db: Database.Database, id: string): void {
  db.prepare(
    `INSERT INTO flows (id, name, definition, revision, created_at, updated_at) VALUES (?, ?, '{}', 1, 0, 0)`,
  ).run(id, id);
}

function addVersion(db: Database.Database, flowId: string, version: number): void {
  db.prepare(
    `INSERT INTO flow_versions (flow_id, version, definition, hash, created_at) VALUES (?, ?, '{}', 'h', 0)`,
  ).run(flowId, version);
}

function addRun(db: Database.Database, id: string, flowId: string): void {
  db.prepare(
    `INSERT INTO runs (id, flow_id, version, mode, status, trigger_node, trigger, created_at, updated_at)
     VALUES (?, ?, 1, 'live', 'succeeded', 'in', '{}', 0, 0)`,
  ).run(id, flowId);
}

/** A row in every table that belongs to a run. */
function addRunRows(db: Database.Database, runId: string): void {
  db.prepare(`INSERT INTO steps (run_id, node_id, status, attempts) VALUES (?, 'in', 'succeeded', 1)`).run(runId);
  db.prepare(`INSERT INTO run_payloads (run_id, hash, data) VALUES (?, 'h', '{}')`).run(runId);
  db.prepare(`INSERT INTO run_actions (run_id, at, action) VALUES (?, 0, 'retry')`).run(runId);
  db.prepare(`INSERT INTO step_recoveries (run_id, node_id, count) VALUES (?, 'in', 1)`).run(runId);
  db.prepare(`INSERT INTO trigger_dedupe (flow_id, key, run_id, created_at) VALUES ('f', ?, ?, 0)`).run(
    `key-${runId}`,
    runId,
  );
}

const countOf = (db: Database.Database, table: string, where = '1', ...args: unknown[]) =>
  db
    .prepare(`SELECT COUNT(*) FROM ${table} WHERE ${where}`)
    .pluck()
    .get(...args) as number;

let db: Db | undefined;
let dir = '';
afterEach(() => {
  db?.$client.close();
  db = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

describe('foreign keys', () => {
  it('are enforced: a row of a run or a version of a flow that does not exist is refused', () => {
    db = openDb({ file: ':memory:' });
    const s = db.$client;
    expect(s.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => addRunRows(s, 'run_missing')).toThrow(/FOREIGN KEY constraint failed/);
    expect(() => addVersion(s, 'missing', 1)).toThrow(/FOREIGN KEY constraint failed/);
  });

  it("deleting a run deletes its rows, and deleting a flow its versions; other runs' rows stay", () => {
    db = openDb({ file: ':memory:' });
    const s = db.$client;
    addFlow(s, 'f');
    addVersion(s, 'f', 1);
    addRun(s, 'run_a', 'f');
    addRun(s, 'run_b', 'f');
    addRunRows(s, 'run_a');
    addRunRows(s, 'run_b');
    s.prepare(`DELETE FROM runs WHERE id = 'run_a'`).run();
    for (const t of RUN_TABLES) {
      expect(countOf(s, t, 'run_id = ?', 'run_a'), t).toBe(0);
      expect(countOf(s, t, 'run_id = ?', 'run_b'), t).toBe(1);
    }
    s.prepare(`DELETE FROM flows WHERE id = 'f'`).run();
    expect(countOf(s, 'flow_versions')).toBe(0);
  });
});

describe('the migration to foreign keys', () => {
  it('keeps every row whose run or flow exists and drops those whose parent is gone', () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-fk-'));
    const file = join(dir, 'weft.db');
    const old = olderDatabase(dir, file, '0014_run_foreign_keys');
    addFlow(old, 'f');
    addVersion(old, 'f', 1);
    addVersion(old, 'f', 2);
    // Left behind by a deletion before the keys existed.
    addVersion(old, 'deleted-flow', 1);
    addRun(old, 'run_a', 'f');
    addRun(old, 'run_b', 'f');
    addRunRows(old, 'run_a');
    addRunRows(old, 'run_b');
    addRunRows(old, 'run_gone');
    old.close();

    db = openDb({ file });
    const s = db.$client;
    expect(s.pragma('foreign_key_check')).toEqual([]);
    expect(countOf(s, 'runs')).toBe(2);
    expect(countOf(s, 'flow_versions', 'flow_id = ?', 'f')).toBe(2);
    expect(countOf(s, 'flow_versions', 'flow_id = ?', 'deleted-flow')).toBe(0);
    for (const t of RUN_TABLES) {
      expect(countOf(s, t, 'run_id IN (?, ?)', 'run_a', 'run_b'), t).toBe(2);
      expect(countOf(s, t, 'run_id = ?', 'run_gone'), t).toBe(0);
    }
    // The rebuilt tables keep their indexes and enforce the keys.
    const indexes = s.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`).pluck().all();
    expect(indexes).toEqual(expect.arrayContaining(['steps_due', 'run_actions_run', 'trigger_dedupe_run']));
    expect(() => addRunRows(s, 'run_gone')).toThrow(/FOREIGN KEY constraint failed/);
    s.prepare(`DELETE FROM runs WHERE id = 'run_a'`).run();
    for (const t of RUN_TABLES) expect(countOf(s, t), t).toBe(1);
  });
});

describe('a backup', () => {
  it('with a row whose run is missing is refused as damaged', () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-fk-'));
    const file = join(dir, 'weft.db');
    openDb({ file }).$client.close();
    const raw = new Database(file);
    raw.pragma('foreign_keys = OFF');
    addRunRows(raw, 'run_gone');
    raw.close();
    expect(() => openBackup(file)).toThrow(/is damaged: 5 row\(s\) refer to rows that are not there/);
  });
});
