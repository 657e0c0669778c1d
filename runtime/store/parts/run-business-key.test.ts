import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlDialects as dialects, type Opened } from '../../../test/support/store-dialects.ts';
import type { NewRun } from '../run-store.ts';
import type { Sql } from '../sql.ts';
import { listQuery, SqlRunQueries } from './run-queries.ts';
import { SqlRunStore } from './runs.ts';

const T0 = Date.UTC(2026, 3, 1);

const run = (id: string, flowId: string, body: unknown, o: Partial<NewRun> = {}): NewRun => ({
  id,
  flowId,
  version: 1,
  mode: 'live',
  status: 'succeeded',
  triggerNode: 'in',
  trigger: JSON.stringify({ body }),
  createdAt: T0,
  updatedAt: T0,
  ...o,
});

for (const d of dialects)
  describe.skipIf(d.skip)(`runs by business key on ${d.name}`, () => {
    let opened: Opened<Sql>;
    let queries: SqlRunQueries;
    const ids = (q: string, more: Partial<Parameters<SqlRunQueries['list']>[0]> = {}) =>
      queries.list({ q, limit: 50, ...more }).then((rows) => rows.map((r) => r.id));

    beforeAll(async () => {
      opened = await d.open();
      const runs = new SqlRunStore(opened.sql);
      queries = new SqlRunQueries(opened.sql);
      // The key need not appear in the trigger: only the business key finds runs 1 and 3.
      await runs.insertRun(run('run_1', 'invoices', { ref: 7 }, { businessKey: 'INV-1042' }));
      await runs.insertRun(run('run_2', 'invoices', { ref: 8 }, { businessKey: 'INV-2001' }));
      await runs.insertRun(run('run_3', 'dunning', { ref: 7 }, { businessKey: 'INV-1042' }));
      await runs.insertRun(run('run_4', 'dunning', { note: 'about inv-1042' }, { businessKey: null }));
      await runs.insertRun(
        run('run_5', 'dunning', { invoice: 'INV-1042' }, { businessKey: 'INV-1042', status: 'failed' }),
      );
      await runs.insertRun(
        run('run_6', 'invoices', { ref: 9 }, { businessKeyError: 'the businessKey expression gave null' }),
      );
      await runs.insertRun(
        run('run_7', 'invoices', { ref: 10 }, { version: null, mode: 'test', definition: testDefinition }),
      );
    });
    afterAll(() => opened?.close());

    it('finds every run whose business key is the text, in every flow, once, with the runs holding the text', async () => {
      expect(await ids('INV-1042')).toEqual(['run_5', 'run_4', 'run_3', 'run_1']);
      expect(await ids('INV-2001')).toEqual(['run_2']);
      expect(await ids('inv-2001'), 'the key matches exactly; the text search finds no "inv-2001"').toEqual([]);
      expect(await ids('INV-104'), 'no key is "INV-104"; only the text holds it').toEqual(['run_5', 'run_4']);
    });

    it('keeps the other filters and the page size', async () => {
      expect(await ids('INV-1042', { flowId: 'invoices' })).toEqual(['run_1']);
      expect(await ids('INV-1042', { status: 'failed' })).toEqual(['run_5']);
      expect(await ids('INV-1042', { limit: 2 })).toEqual(['run_5', 'run_4']);
      expect(await ids('INV-1042', { limit: 2, before: 'run_4' })).toEqual(['run_3', 'run_1']);
    });

    it('lists the key and why a run has none; a test run keeps only the settings of its definition', async () => {
      const rows = new Map((await queries.list({ limit: 50 })).map((r) => [r.id, r]));
      expect(rows.get('run_1')).toMatchObject({ businessKey: 'INV-1042', businessKeyError: null, definition: null });
      expect(rows.get('run_6')).toMatchObject({
        businessKey: null,
        businessKeyError: 'the businessKey expression gave null',
      });
      expect(JSON.parse(rows.get('run_7')!.definition!)).toEqual({
        settings: { businessProcess: 'Order-to-cash', criticality: 'high' },
      });
    });

    it.runIf(d.name === 'SQLite')('looks the business key up through runs_business_key', async () => {
      const q = listQuery({ q: 'INV-1042', limit: 50 }, 'sqlite');
      const plan = await opened.sql.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${q.sql}`, q.args);
      expect(plan.map((p) => p.detail)).toContainEqual(
        expect.stringMatching(/USING (COVERING )?INDEX runs_business_key/),
      );
    });
  });

const testDefinition = JSON.stringify({
  id: 'invoices',
  name: 'Invoices',
  nodes: [{ id: 'in', type: 'trigger.manual', config: {} }],
  edges: [],
  settings: { businessProcess: 'Order-to-cash', criticality: 'high' },
});
