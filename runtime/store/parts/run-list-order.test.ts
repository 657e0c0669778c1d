import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlDialects as dialects, type Opened } from '../../../test/support/store-dialects.ts';
import type { NewRun } from '../run-store.ts';
import type { RunFilter } from '../run-queries.ts';
import type { Sql } from '../sql.ts';
import { listQuery, SqlRunQueries } from './run-queries.ts';
import { SqlRunStore } from './runs.ts';

const T0 = Date.UTC(2026, 4, 1);

const run = (id: string, createdAt: number, body: unknown, o: Partial<NewRun> = {}): NewRun => ({
  id,
  flowId: 'invoices',
  version: 1,
  mode: 'live',
  status: 'succeeded',
  triggerNode: 'in',
  trigger: JSON.stringify({ body }),
  createdAt,
  updatedAt: createdAt,
  ...o,
});

for (const d of dialects)
  describe.skipIf(d.skip)(`the run history's order and text window on ${d.name}`, () => {
    let opened: Opened<Sql>;
    let queries: SqlRunQueries;
    const ids = (f: Partial<RunFilter>) => queries.list({ limit: 50, ...f }).then((rows) => rows.map((r) => r.id));

    beforeAll(async () => {
      opened = await d.open();
      const runs = new SqlRunStore(opened.sql);
      queries = new SqlRunQueries(opened.sql);
      // run_z is the oldest although its id sorts last; run_b and run_c share a creation time.
      await runs.insertRun(run('run_z', T0, { customer: 'Globex', invoice: 'INV-1' }, { businessKey: 'INV-1' }));
      await runs.insertRun(run('run_a', T0 + 1000, { customer: 'Initech' }, { businessKey: 'INV-2' }));
      await runs.insertRun(run('run_b', T0 + 2000, { customer: 'Initech' }, { status: 'failed' }));
      await runs.insertRun(run('run_c', T0 + 2000, { customer: 'Hooli' }, { businessKey: 'INV-1' }));
      await runs.insertRun(run('run_d', T0 + 3000, { customer: 'Hooli' }, { flowId: 'dunning' }));
    });
    afterAll(() => opened?.close());

    it('lists the newest runs first by creation time, then by id, and pages on from a run', async () => {
      expect(await ids({})).toEqual(['run_d', 'run_c', 'run_b', 'run_a', 'run_z']);
      expect(await ids({ limit: 2 })).toEqual(['run_d', 'run_c']);
      expect(await ids({ before: 'run_c' })).toEqual(['run_b', 'run_a', 'run_z']);
      expect(await ids({ before: 'run_a', flowId: 'invoices' })).toEqual(['run_z']);
      expect(await ids({ from: T0 + 1000, to: T0 + 3000 })).toEqual(['run_c', 'run_b', 'run_a']);
      expect(await ids({ q: 'INV-1' }), 'business key and text, merged in the same order').toEqual(['run_c', 'run_z']);
      expect(await ids({ before: 'run_unknown' }), 'a cursor run no longer stored: by id').toEqual([
        'run_d',
        'run_c',
        'run_b',
        'run_a',
      ]);
    });

    it('finds the window of the newest runs matching the other filters', async () => {
      expect(await queries.textWindow({ limit: 50 }, 3)).toBe(T0 + 2000);
      expect(await queries.textWindow({ limit: 50 }, 5)).toBe(T0);
      expect(await queries.textWindow({ limit: 50 }, 6), 'fewer runs: no window').toBeUndefined();
      expect(await queries.textWindow({ flowId: 'invoices', limit: 50 }, 2)).toBe(T0 + 2000);
      expect(await queries.textWindow({ to: T0 + 2000, limit: 50 }, 2)).toBe(T0);
      expect(await queries.textWindow({ q: 'Globex', before: 'run_b', limit: 50 }, 2), 'text and cursor aside').toBe(
        T0 + 2000,
      );
    });

    it('searches the text only from the window, and business keys in every run', async () => {
      const textFrom = await queries.textWindow({ limit: 50 }, 4);
      expect(textFrom).toBe(T0 + 1000);
      expect(await ids({ q: 'Globex', textFrom }), 'run_z is older than the window').toEqual([]);
      expect(await ids({ q: 'globex' }), 'without a window').toEqual(['run_z']);
      expect(await ids({ q: 'INV-1', textFrom }), 'by its business key').toEqual(['run_c', 'run_z']);
      expect(await ids({ q: 'Initech', textFrom })).toEqual(['run_b', 'run_a']);
      const to = T0 + 1000;
      const ranged = await queries.textWindow({ q: 'Globex', to, limit: 50 }, 4);
      expect(ranged, 'a range holding fewer runs than the window is searched whole').toBeUndefined();
      expect(await ids({ q: 'Globex', to, textFrom: ranged })).toEqual(['run_z']);
    });

    it('lists live and test runs apart, and refuses another mode', async () => {
      await new SqlRunStore(opened.sql).insertRun(
        run('run_t', T0 + 1500, { customer: 'Test' }, { mode: 'test', version: null }),
      );
      expect(await ids({ mode: 'test' })).toEqual(['run_t']);
      expect(await ids({ mode: 'live', limit: 3 })).toEqual(['run_d', 'run_c', 'run_b']);
      await expect(ids({ mode: 'draft' as 'test' })).rejects.toThrow(`a run's mode is live or test, not "draft"`);
    });

    it.runIf(d.name === 'SQLite')('reads each filter of the list in order from an index', async () => {
      const plan = async (f: Partial<RunFilter>) => {
        const q = listQuery({ limit: 50, ...f }, 'sqlite', f.before ? T0 : undefined);
        const rows = await opened.sql.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${q.sql}`, q.args);
        return rows.map((r) => r.detail).join('\n');
      };
      const cases: Array<[Partial<RunFilter>, string]> = [
        [{}, 'runs_created'],
        [{ flowId: 'invoices' }, 'runs_flow_created'],
        [{ status: 'failed' }, 'runs_status_created'],
        [{ mode: 'test' }, 'runs_test_created'],
        [{ flowId: 'invoices', status: 'failed' }, 'runs_flow_status_created'],
        [{ status: 'succeeded' }, 'runs_status_created'],
        [{ flowId: 'invoices', status: 'succeeded' }, 'runs_flow_status_created'],
        [{ status: 'running' }, 'runs_unfinished_key'],
        [{ flowId: 'invoices', status: 'running' }, 'runs_unfinished_key'],
        [{ from: T0, to: T0 + 1000 }, 'runs_created'],
        [{ before: 'run_c' }, 'runs_created'],
        [{ errorCode: 'http_503' }, 'runs_error_code'],
        [{ nodeId: 'post' }, 'runs_error_node'],
      ];
      for (const [f, index] of cases) {
        const p = await plan(f);
        expect(p, JSON.stringify(f)).toMatch(
          new RegExp(`SEARCH r USING INDEX ${index}\\b|SCAN r USING INDEX ${index}\\b`),
        );
        // Running runs are few: read from the unfinished ones and sorted.
        if (f.status !== 'running') expect(p, JSON.stringify(f)).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
      }
    });
  });
